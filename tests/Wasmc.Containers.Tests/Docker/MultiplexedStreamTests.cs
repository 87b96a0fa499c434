using System.Text;
using Wasmc.Containers.Tests.Support;
using Wasmc.Docker;

namespace Wasmc.Containers.Tests.Docker;

public class MultiplexedStreamTests
{
    /// <summary>Hands out one byte per read, like a slow socket, so frames straddle reads.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(part => part)];

    [Fact]
    public async Task Frames_are_split_into_stdout_and_stderr()
    {
        var data = Concat(FakeDockerEngine.Frame(1, "out 1\n"), FakeDockerEngine.Frame(2, "err 1\n"), FakeDockerEngine.Frame(1, "out 2\n"));
        using var stream = new MultiplexedStream(new TrickleStream(data), multiplexed: true);

        var (stdout, stderr) = await stream.ReadToEndAsync();

        stdout.ShouldBe("out 1\nout 2\n");
        stderr.ShouldBe("err 1\n");
    }

    [Fact]
    public async Task Chunks_keep_their_stream_and_order()
    {
        var data = Concat(FakeDockerEngine.Frame(2, "a"), FakeDockerEngine.Frame(1, "b"), FakeDockerEngine.Frame(1, ""), FakeDockerEngine.Frame(2, "c"));
        using var stream = new MultiplexedStream(new MemoryStream(data), multiplexed: true);

        var chunks = new List<string>();
        while (await stream.ReadAsync() is { } chunk)
        {
            chunks.Add($"{chunk.Stream}:{Encoding.UTF8.GetString(chunk.Data.Span)}");
        }

        chunks.ShouldBe(["StandardError:a", "StandardOutput:b", "StandardError:c"]);
    }

    [Fact]
    public async Task A_frame_larger_than_the_buffer_arrives_whole()
    {
        var big = new string('x', 100_000);
        using var stream = new MultiplexedStream(new MemoryStream(FakeDockerEngine.Frame(1, big)), multiplexed: true);

        var (stdout, _) = await stream.ReadToEndAsync();

        stdout.ShouldBe(big);
    }

    [Fact]
    public async Task With_a_tty_the_bytes_are_raw_stdout()
    {
        var raw = Encoding.UTF8.GetBytes("\u0001not a header, just text");
        using var stream = new MultiplexedStream(new MemoryStream(raw), multiplexed: false);

        var (stdout, stderr) = await stream.ReadToEndAsync();

        stdout.ShouldBe("\u0001not a header, just text");
        stderr.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(3)] // inside the header
    [InlineData(12)] // inside the payload
    public async Task A_stream_cut_inside_a_frame_is_a_lost_connection(int keptBytes)
    {
        var data = Concat(FakeDockerEngine.Frame(1, "complete\n"), FakeDockerEngine.Frame(1, "cut short\n")[..keptBytes]);
        var endpoint = DockerEndpoint.DefaultUnixSocket;
        using var stream = new MultiplexedStream(new MemoryStream(data), multiplexed: true, e => new DockerConnectionLostException(endpoint, "reading output", e));

        var first = await stream.ReadAsync();
        Encoding.UTF8.GetString(first!.Value.Data.Span).ShouldBe("complete\n");

        // The bytes of a cut frame that did arrive may still be handed out; the stream then fails instead of ending.
        var error = await Should.ThrowAsync<DockerConnectionLostException>(async () =>
        {
            while (await stream.ReadAsync() is not null)
            {
            }
        });

        error.Message.ShouldContain("was lost while reading output");
    }

    [Fact]
    public async Task An_unknown_stream_type_is_rejected()
    {
        using var stream = new MultiplexedStream(new MemoryStream(FakeDockerEngine.Frame(7, "?")), multiplexed: true);

        await Should.ThrowAsync<IOException>(async () => await stream.ReadAsync());
    }
}
