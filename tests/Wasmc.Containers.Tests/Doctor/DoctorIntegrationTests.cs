using Wasmc.Containers.Bundles;
using Wasmc.Containers.Doctor;
using Wasmc.Containers.Tests.Bundles;
using Wasmc.Containers.Tests.Support;

namespace Wasmc.Containers.Tests.Doctor;

public sealed class DoctorIntegrationTests
{
    [DockerFact]
    public async Task Against_a_real_engine_the_doctor_reports_docker_disk_and_every_bundle()
    {
        var catalog = BundleCatalog.Load(BundleTestFiles.RepositoryContainersDirectory);

        var report = await WasmcDoctor.RunAsync(new DoctorOptions { Catalog = catalog });

        report.Checks.Select(c => c.Name).ShouldBe(["docker", "environment", "disk", .. catalog.Bundles.Select(b => $"bundle {b.Name}")]);
        var docker = report.Checks[0];
        docker.Status.ShouldBe(DoctorStatus.Ok, docker.Fix);
        docker.Detail.ShouldContain("API");
        report.Checks.Where(c => c.Status != DoctorStatus.Ok).ShouldAllBe(c => c.Fix != null);
    }
}
