using Wasmc.Containers.Images;
using Wasmc.Docker;

namespace Wasmc.Containers.Tests.Images;

public sealed class ImageIdRecordTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wasmc-image-ids-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_remembered_id_is_found_by_a_later_process_and_replaced_when_the_image_is_rebuilt()
    {
        var endpoint = DockerEndpoint.Parse("unix:///var/run/docker.sock", "test");
        ImageIdRecord.For(endpoint, _folder).Remember("wasmc/b/rust:abc", "sha256:1");

        var later = ImageIdRecord.For(endpoint, _folder);
        later.Find("wasmc/b/rust:abc").ShouldBe("sha256:1");
        later.Find("wasmc/b/node:abc").ShouldBeNull();

        later.Remember("wasmc/b/rust:abc", "sha256:2");
        ImageIdRecord.For(endpoint, _folder).Find("wasmc/b/rust:abc").ShouldBe("sha256:2");
        Directory.GetFiles(_folder).ShouldHaveSingleItem(); // no temporary file left behind
    }

    [Fact]
    public void A_reader_sees_what_another_process_records_after_its_first_look()
    {
        var endpoint = DockerEndpoint.Parse("unix:///var/run/docker.sock", "test");
        var reader = ImageIdRecord.For(endpoint, _folder);
        reader.Find("wasmc/b/rust:abc").ShouldBeNull();

        ImageIdRecord.For(endpoint, _folder).Remember("wasmc/b/rust:abc", "sha256:1");
        reader.Find("wasmc/b/rust:abc").ShouldBe("sha256:1");

        // Same length, so only the write time tells the record changed.
        ImageIdRecord.For(endpoint, _folder).Remember("wasmc/b/rust:abc", "sha256:2");
        reader.Find("wasmc/b/rust:abc").ShouldBe("sha256:2");
    }

    [Fact]
    public void Each_engine_has_its_own_record()
    {
        ImageIdRecord.For(DockerEndpoint.Parse("unix:///var/run/docker.sock", "test"), _folder).Remember("wasmc/b/rust:abc", "sha256:1");

        ImageIdRecord.For(DockerEndpoint.Parse("unix:///var/run/docker-ci.sock", "test"), _folder).Find("wasmc/b/rust:abc").ShouldBeNull();
    }

    [Fact]
    public void A_forgotten_reference_is_unknown()
    {
        var record = ImageIdRecord.For(DockerEndpoint.Parse("unix:///var/run/docker.sock", "test"), _folder);
        record.Remember("wasmc/b/rust:abc", "sha256:1");

        record.Forget("wasmc/b/rust:abc");

        record.Find("wasmc/b/rust:abc").ShouldBeNull();
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("")]
    public void A_damaged_record_is_an_empty_one_and_is_rewritten(string contents)
    {
        var record = new ImageIdRecord(Path.Combine(_folder, "engine.json"));
        File.WriteAllText(record.Path, contents);

        record.Find("wasmc/b/rust:abc").ShouldBeNull();
        record.Remember("wasmc/b/rust:abc", "sha256:1");
        record.Find("wasmc/b/rust:abc").ShouldBe("sha256:1");
    }

    [Fact]
    public void A_record_that_is_a_link_is_not_read()
    {
        var elsewhere = Path.Combine(_folder, "elsewhere.json");
        File.WriteAllText(elsewhere, """{ "wasmc/b/rust:abc": "sha256:planted" }""");
        var record = new ImageIdRecord(Path.Combine(_folder, "engine.json"));
        File.CreateSymbolicLink(record.Path, elsewhere);

        record.Find("wasmc/b/rust:abc").ShouldBeNull();
    }
}
