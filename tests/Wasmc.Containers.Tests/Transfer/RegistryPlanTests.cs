using Wasmc.Containers.Bundles;
using Wasmc.Containers.Tests.Bundles;
using Wasmc.Containers.Transfer;

namespace Wasmc.Containers.Tests.Transfer;

/// <summary>Registry locations, the record file, and what a pull would fetch: all without Docker.</summary>
public sealed class RegistryPlanTests : IDisposable
{
    private const string PublishedBundle = """
        name = "test-2"
        description = "a published test bundle"
        wasi = ["preview2"]
        runner = "jco"
        languages = ["c"]
        base = "wasmc/debian:trixie"
        registry = "ghcr.io/example/wasmc"

        [tools]
        clang = "19.1.7"

        [toolchains.clang]
        dockerfile = "toolchains/clang.Dockerfile"
        tools = ["clang"]
        digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111"

        [toolchains.clang.packages]
        clang-19 = "1:19.1.7-3+b1"
        """;

    private readonly TemporaryContainersDirectory _containers = new();
    private readonly Bundle _bundle;
    private readonly Bundle _published;

    public RegistryPlanTests()
    {
        _containers.WriteBundle("test-1", BundleTestFiles.MinimalBundle);
        _containers.WriteBundle("test-2", PublishedBundle);
        var catalog = BundleCatalog.Load(_containers.Path);
        _bundle = catalog.Get("test-1");
        _published = catalog.Get("test-2");
    }

    public void Dispose() => _containers.Dispose();

    [Theory]
    [InlineData("127.0.0.1:5000/wasmc", "127.0.0.1:5000", "wasmc", "127.0.0.1:5000/wasmc/b-1/rust")]
    [InlineData("registry.example.org/tools/wasmc/", "registry.example.org", "tools/wasmc", "registry.example.org/tools/wasmc/b-1/rust")]
    [InlineData("localhost:5000", "localhost:5000", "", "localhost:5000/b-1/rust")]
    [InlineData("localhost/team_a/x-y", "localhost", "team_a/x-y", "localhost/team_a/x-y/b-1/rust")]
    public void Registry_locations_name_one_repository_per_toolchain(string text, string host, string prefix, string repository)
    {
        var registry = RegistryLocation.Parse(text);

        registry.Host.ShouldBe(host);
        registry.Prefix.ShouldBe(prefix);
        registry.Repository("b-1", "rust").ShouldBe(repository);
        RegistryLocation.Parse(registry.ToString()).ShouldBe(registry);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/wasmc", "without a scheme")]
    [InlineData("myregistry/wasmc", "would send it to Docker Hub")]
    [InlineData("127.0.0.1:5000/Wasmc", "lower-case letters and digits")]
    [InlineData("127.0.0.1:5000//wasmc", "lower-case letters and digits")]
    [InlineData("", "is not a host name")]
    [InlineData("bad host:5000/x", "is not a host name")]
    public void Registry_locations_docker_would_misread_are_refused(string text, string expected)
    {
        Should.Throw<FormatException>(() => RegistryLocation.Parse(text)).Message.ShouldContain(expected);
    }

    [Fact]
    public void A_record_round_trips_through_its_toml()
    {
        var record = Record(_bundle);
        var path = Path.Combine(_containers.Path, "test-1.images.toml");
        File.WriteAllText(path, ImageRecordFile.Render(record));

        var read = ImageRecordFile.Read(path);

        read.Bundle.ShouldBe("test-1");
        read.Registry.ShouldBe(record.Registry);
        read.Pushed.ShouldBe(record.Pushed);
        read.Images.ShouldBe(record.Images);
        File.ReadAllText(path).ShouldContain("[toolchains.clang]\nrepository = \"127.0.0.1:5000/wasmc/test-1/clang\"");
    }

    [Theory]
    [InlineData("format = 1\nbundle = ", "not a valid image record")]
    [InlineData("format = 2\nbundle = \"test-1\"\nregistry = \"localhost:5000\"\n", "'format' must be 1")]
    [InlineData("format = 1\nbundle = \"test-1\"\nregistry = \"localhost:5000\"\n", "no [toolchains.NAME] tables")]
    [InlineData("format = 1\nbundle = \"test-1\"\nregistry = \"nohost/x\"\n[toolchains.clang]\n", "Docker Hub")]
    [InlineData("format = 1\nbundle = \"test-1\"\nregistry = \"localhost:5000\"\n[toolchains.clang]\nrepository = \"r\"\ntag = \"t\"\ndigest = \"sha256:12\"\nimage-id = \"sha256:12\"\ndefinition-hash = \"d\"\n", "toolchains.clang.digest is not a sha256 digest")]
    [InlineData("format = 1\nbundle = \"test-1\"\nregistry = \"localhost:5000\"\n[toolchains.clang]\ntag = \"t\"\n", "missing string 'digest'")]
    public void A_malformed_record_is_refused_with_its_file(string text, string expected)
    {
        var path = Path.Combine(_containers.Path, "bad.images.toml");
        File.WriteAllText(path, text);

        var error = Should.Throw<BundleVerificationException>(() => ImageRecordFile.Read(path));

        error.Failure.ShouldBe(BundleVerificationFailure.Corrupt);
        error.Message.ShouldContain(path);
        error.Message.ShouldContain(expected);
    }

    [Fact]
    public void With_a_record_exactly_its_digests_are_pulled_from_its_registry_or_the_one_given()
    {
        var path = WriteRecord(Record(_bundle));
        var digest = Record(_bundle).Images[0].Digest;

        var fromRecord = BundleTransfer.PlanPull(_bundle, new BundlePullSource { RecordPath = path });
        var elsewhere = BundleTransfer.PlanPull(_bundle, new BundlePullSource { RecordPath = path, Registry = RegistryLocation.Parse("mirror.example.org/copy") });

        fromRecord.References.ShouldBe([$"127.0.0.1:5000/wasmc/test-1/clang@{digest}"]);
        fromRecord.Description.ShouldContain($"by the digests in {path}");
        elsewhere.References.ShouldBe([$"mirror.example.org/copy/test-1/clang@{digest}"]);
    }

    [Fact]
    public void A_record_of_another_bundle_or_definition_is_refused()
    {
        var otherBundle = WriteRecord(Record(_bundle) with { Bundle = "test-2" });
        var oldDefinition = WriteRecord(Record(_bundle) with { Images = [Record(_bundle).Images[0] with { DefinitionHash = new string('0', 64) }] });

        Should.Throw<BundleVerificationException>(() => BundleTransfer.PlanPull(_bundle, new BundlePullSource { RecordPath = otherBundle }))
            .Message.ShouldContain("records images of bundle 'test-2', not 'test-1'");
        var error = Should.Throw<BundleVerificationException>(() => BundleTransfer.PlanPull(_bundle, new BundlePullSource { RecordPath = oldDefinition }));
        error.Failure.ShouldBe(BundleVerificationFailure.OtherDefinition);
        error.Message.ShouldContain("another definition");
    }

    [Fact]
    public void Without_a_record_a_registry_is_pulled_by_the_local_tag()
    {
        var plan = BundleTransfer.PlanPull(_bundle, new BundlePullSource { Registry = RegistryLocation.Parse("127.0.0.1:5000/wasmc") });

        plan.References.ShouldBe([$"127.0.0.1:5000/wasmc/test-1/clang:{_bundle.GetToolchain("clang").ImageTag}"]);
        plan.NotPublished.ShouldBeEmpty();
    }

    [Fact]
    public void Without_registry_and_record_the_bundle_files_digests_are_pulled()
    {
        var plan = BundleTransfer.PlanPull(_published, new BundlePullSource());

        plan.References.ShouldBe(["ghcr.io/example/wasmc/test-2/clang@sha256:1111111111111111111111111111111111111111111111111111111111111111"]);
        plan.Description.ShouldBe("ghcr.io/example/wasmc by the digests in the bundle file");
    }

    [Fact]
    public void An_unpublished_bundle_without_registry_says_how_to_get_its_images()
    {
        var error = Should.Throw<BundleNotPublishedException>(() => BundleTransfer.PlanPull(_bundle, new BundlePullSource()));

        error.Message.ShouldContain("--registry");
        error.Message.ShouldContain("wasmc bundle build test-1");
    }

    [Fact]
    public void A_missing_record_file_is_named()
    {
        Should.Throw<FileNotFoundException>(() => BundleTransfer.PlanPull(_bundle, new BundlePullSource { RecordPath = Path.Combine(_containers.Path, "none.toml") }));
    }

    [Theory]
    [InlineData("Get \"http://127.0.0.1:5999/v2/\": dial tcp 127.0.0.1:5999: connect: connection refused", true)]
    [InlineData("Get \"https://registry.invalid/v2/\": dial tcp: lookup registry.invalid: no such host", true)]
    [InlineData("Get \"https://10.1.1.1:5000/v2/\": http: server gave HTTP response to HTTPS client", true)]
    [InlineData("manifest for 127.0.0.1:5000/x:1 not found: manifest unknown", false)]
    [InlineData("denied: requested access to the resource is denied", false)]
    public void Engine_errors_that_mean_the_registry_cannot_be_reached_are_recognised(string message, bool unreachable)
    {
        RegistryErrors.LooksUnreachable(message).ShouldBe(unreachable);
    }

    private ImageRecord Record(Bundle bundle) => new(
        bundle.Name,
        RegistryLocation.Parse("127.0.0.1:5000/wasmc"),
        new DateTimeOffset(2026, 11, 29, 18, 0, 0, TimeSpan.Zero),
        [.. bundle.Toolchains.Select(t => new PushedImage(
            t.Name,
            $"127.0.0.1:5000/wasmc/{bundle.Name}/{t.Name}",
            t.ImageTag,
            "sha256:" + new string('d', 64),
            "sha256:" + new string('e', 64),
            t.DefinitionHash))]);

    private string WriteRecord(ImageRecord record)
    {
        var path = Path.Combine(_containers.Path, $"{Guid.NewGuid():N}.images.toml");
        File.WriteAllText(path, ImageRecordFile.Render(record));
        return path;
    }
}
