using System.Formats.Tar;
using System.Text;
using Wasmc.Containers.Tests.Support;
using Wasmc.Docker;

namespace Wasmc.Containers.Tests.Docker;

/// <summary>The client against the real engine.</summary>
public sealed class DockerClientIntegrationTests : IAsyncLifetime
{
    private readonly Dictionary<string, string> _labels = new() { ["wasmc.test"] = Guid.NewGuid().ToString("N") };
    private IDockerClient _docker = null!;
    private string _image = null!;

    public async Task InitializeAsync()
    {
        _docker = await TestDocker.ConnectAsync();
        _image = await TestDocker.EnsureBusyboxImageAsync(_docker);
    }

    [DockerFact]
    public async Task System_information_is_read()
    {
        var version = await _docker.System.VersionAsync();
        var info = await _docker.System.InfoAsync();

        Version.Parse(version.ApiVersion).ShouldBeGreaterThanOrEqualTo(Version.Parse(_docker.ApiVersion));
        info.DockerRootDir.ShouldStartWith("/");
        info.Cpus.ShouldBeGreaterThan(0);
        (await _docker.System.PingAsync()).ShouldNotBeNullOrEmpty();
    }

    [DockerFact]
    public async Task The_test_image_is_inspected_and_listed_by_label()
    {
        var image = (await _docker.Images.InspectAsync(_image))!;

        image.RepoTags.ShouldContain(TestDocker.BusyboxImage);
        image.Id.ShouldStartWith("sha256:");
        image.Labels["wasmc.test"].ShouldBe("true");
        (await _docker.Images.ListAsync(new Dictionary<string, string?> { ["wasmc.test"] = "true" }))
            .ShouldContain(summary => summary.Id == image.Id);
    }

    [DockerFact]
    public async Task A_container_runs_and_its_output_is_attached_waited_and_logged()
    {
        var id = await _docker.Containers.CreateAsync(new ContainerSpec(_image)
        {
            Cmd = ["sh", "-c", "echo to-out; echo to-err >&2; exit 4"],
            Labels = _labels,
            NetworkMode = "none",
        });
        try
        {
            await using var attached = await _docker.Containers.AttachAsync(id, tty: false);
            await _docker.Containers.StartAsync(id);
            var (stdout, stderr) = await attached.ReadToEndAsync();
            var exitCode = await _docker.Containers.WaitAsync(id);
            await using var logs = await _docker.Containers.LogsAsync(id);
            var (loggedOut, loggedErr) = await logs.ReadToEndAsync();

            stdout.ShouldBe("to-out\n");
            stderr.ShouldBe("to-err\n");
            exitCode.ShouldBe(4);
            (loggedOut, loggedErr).ShouldBe(("to-out\n", "to-err\n"));
            (await _docker.Containers.ListAsync(_labels!, all: true)).Single().Id.ShouldBe(id);
        }
        finally
        {
            await _docker.Containers.RemoveAsync(id, force: true);
        }

        (await _docker.Containers.InspectAsync(id)).ShouldBeNull();
    }

    [DockerFact]
    public async Task Exec_archives_and_kill_work_on_a_running_container()
    {
        var id = await _docker.Containers.CreateAsync(new ContainerSpec(_image) { Cmd = ["sleep", "600"], Labels = _labels, NetworkMode = "none" });
        try
        {
            await _docker.Containers.StartAsync(id);
            using var upload = new MemoryStream();
            await using (var writer = new TarWriter(upload, leaveOpen: true))
            {
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "hello.txt") { DataStream = new MemoryStream("uploaded"u8.ToArray()) });
            }

            upload.Position = 0;
            await _docker.Containers.PutArchiveAsync(id, "/tmp", upload);
            var exec = await _docker.Exec.CreateAsync(id, new ExecSpec(["sh", "-c", "cat hello.txt; echo \"$GREETING\"; exit 2"])
            {
                WorkingDirectory = "/tmp",
                Environment = new Dictionary<string, string> { ["GREETING"] = "hi" },
            });
            await using (var output = await _docker.Exec.StartAsync(exec))
            {
                (await output.ReadToEndAsync()).StandardOutput.ShouldBe("uploadedhi\n");
            }

            (await _docker.Exec.InspectAsync(exec)).ExitCode.ShouldBe(2);
            await using var download = await _docker.Containers.GetArchiveAsync(id, "/tmp/hello.txt");
            await using var reader = new TarReader(download);
            var entry = (await reader.GetNextEntryAsync())!;
            entry.Name.ShouldBe("hello.txt");
            new StreamReader(entry.DataStream!, Encoding.UTF8).ReadToEnd().ShouldBe("uploaded");

            await _docker.Containers.KillAsync(id);
            (await _docker.Containers.WaitAsync(id)).ShouldBe(137);
            await _docker.Containers.KillAsync(id); // not running any more: not an error
        }
        finally
        {
            await _docker.Containers.RemoveAsync(id, force: true);
        }
    }

    /// <summary>
    /// Docker.DotNet sends a whole upload before it reads the answer; the engine rejects a bad path at once and
    /// hangs up, which the library reported as a broken pipe (8 of 40 times, measured). wasmc must report the
    /// engine's reason every time, and leave the caller's stream open.
    /// </summary>
    [DockerFact]
    public async Task An_upload_the_engine_rejects_reports_the_engines_reason_every_time()
    {
        var id = await _docker.Containers.CreateAsync(new ContainerSpec(_image)
        {
            Cmd = ["sleep", "600"],
            Labels = _labels,
            NetworkMode = "none",
            ReadonlyRootfs = true,
        });
        try
        {
            await _docker.Containers.StartAsync(id);
            using var archive = new MemoryStream();
            await using (var writer = new TarWriter(archive, leaveOpen: true))
            {
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "big.bin") { DataStream = new MemoryStream(new byte[4 * 1024 * 1024]) });
            }

            for (var attempt = 0; attempt < 40; attempt++)
            {
                archive.Position = 0;
                var missing = await Should.ThrowAsync<DockerNotFoundException>(() => _docker.Containers.PutArchiveAsync(id, "/nope", archive));
                missing.Message.ShouldContain("Could not find the file /nope");
            }

            archive.Position = 0;
            var readOnly = await Should.ThrowAsync<DockerApiException>(() => _docker.Containers.PutArchiveAsync(id, "/tmp", archive));
            readOnly.Message.ShouldContain("read-only");
            archive.CanRead.ShouldBeTrue();
        }
        finally
        {
            await _docker.Containers.RemoveAsync(id, force: true);
        }
    }

    [DockerFact]
    public async Task A_container_is_gone_when_remove_returns_even_if_others_remove_it_at_the_same_time()
    {
        for (var round = 0; round < 5; round++)
        {
            var id = await _docker.Containers.CreateAsync(new ContainerSpec(_image) { Cmd = ["sleep", "60"], Labels = _labels, NetworkMode = "none" });
            await _docker.Containers.StartAsync(id);

            // Concurrent wasmc processes sweep the same leftovers; the losers get "removal already in progress".
            await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
            {
                await _docker.Containers.RemoveAsync(id, force: true);
                (await _docker.Containers.InspectAsync(id)).ShouldBeNull();
            }));
        }
    }

    [DockerFact]
    public async Task Volumes_are_created_listed_and_removed()
    {
        var name = "wasmc-test-" + _labels["wasmc.test"][..12];
        var created = await _docker.Volumes.CreateAsync(name, _labels);
        try
        {
            created.Name.ShouldBe(name);
            (await _docker.Volumes.ListAsync(_labels!)).Single().Name.ShouldBe(name);
        }
        finally
        {
            await _docker.Volumes.RemoveAsync(name);
        }

        (await _docker.Volumes.ListAsync(_labels!)).ShouldBeEmpty();
        await _docker.Volumes.RemoveAsync(name); // already gone: not an error
    }

    [DockerFact]
    public async Task A_failing_build_reports_the_engine_error()
    {
        using var context = new MemoryStream();
        await using (var writer = new TarWriter(context, leaveOpen: true))
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes($"FROM {_image}\nRUN echo about to fail && exit 3\n")),
            });
        }

        context.Position = 0;
        var error = await Should.ThrowAsync<DockerApiException>(() =>
            _docker.Images.BuildAsync(context, new ImageBuildParameters { Tags = ["wasmc-test/failing:1"], NetworkMode = "none" }));

        error.Message.ShouldContain("non-zero code: 3");
        error.Message.ShouldContain("about to fail");
    }

    [DockerFact]
    public async Task A_container_from_a_missing_image_is_a_typed_error()
    {
        await Should.ThrowAsync<DockerImageNotFoundException>(() => _docker.Containers.CreateAsync(new ContainerSpec("wasmc-test/absent:" + _labels["wasmc.test"])));
    }

    public Task DisposeAsync()
    {
        _docker?.Dispose();
        return Task.CompletedTask;
    }
}
