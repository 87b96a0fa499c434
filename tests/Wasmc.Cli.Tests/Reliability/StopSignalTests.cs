using System.Diagnostics;
using Wasmc.Cli.Tests.Support;

namespace Wasmc.Cli.Tests.Reliability;

/// <summary>
/// Clean stops (docs/reliability.md, "faults"): the real tool, started as a process, builds a C component with the host
/// runner and a stand-in <c>clang-22</c> that never ends; SIGTERM or SIGHUP then stops it like the first Ctrl-C: the
/// compiler is killed, the staging folder removed, the exit code 128 + the signal. No Docker needed.
/// </summary>
public sealed class StopSignalTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("TERM", 143, "canceled (SIGTERM)")]
    [InlineData("HUP", 129, "canceled (SIGHUP)")]
    public async Task A_signal_stops_the_build_kills_its_step_and_removes_staging(string signal, int exitCode, string message)
    {
        var workspace = Directory.CreateDirectory(Path.Combine(_folder.Path, "ws")).FullName;
        CliRunner.RunIn(workspace, "new", "c", "calc", "--bundle", "sid-2026.11.2").ExitCode.ShouldBe(0);
        var bin = Directory.CreateDirectory(Path.Combine(_folder.Path, "bin")).FullName;
        var pidFile = Path.Combine(_folder.Path, "compiler.pid");
        File.WriteAllText(Path.Combine(bin, "clang-22"), "#!/bin/sh\necho $$ > \"$WASMC_TEST_PIDFILE\"\nexec sleep 300\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(bin, "clang-22"), (UnixFileMode)0x1ED);
        }

        using var wasmc = Start(workspace, bin, pidFile);
        var compiler = await WaitForPidAsync(pidFile, wasmc);
        Directory.EnumerateDirectories(Path.Combine(workspace, "target", "wasmc", "debug", ".staging")).ShouldNotBeEmpty();

        Process.Start("kill", [$"-{signal}", wasmc.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        var errorText = wasmc.StandardError.ReadToEndAsync();
        if (!wasmc.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            // What wasmc said by then is the clue.
            wasmc.Kill(entireProcessTree: true);
            throw new ShouldAssertException($"wasmc did not exit within 60 s of SIG{signal}; stderr:\n{await errorText}");
        }

        var error = await errorText;
        wasmc.ExitCode.ShouldBe(exitCode, error);
        error.ShouldContain(message);
        Directory.Exists($"/proc/{compiler}").ShouldBeFalse("the compiler still runs");
        Directory.EnumerateDirectories(Path.Combine(workspace, "target", "wasmc", "debug", ".staging")).ShouldBeEmpty();
    }

    private static Process Start(string workspace, string bin, string pidFile)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "dotnet-wasmc.dll");
        File.Exists(tool).ShouldBeTrue($"{tool} is missing");
        // A test run started under nohup has SIGHUP ignored, and an ignored signal stays ignored across exec (wasmc then
        // rightly ignores hangups too): env gives the tool the default disposition a terminal session would.
        var start = new ProcessStartInfo("env", ["--default-signal=HUP", "dotnet", tool, "build"])
        {
            WorkingDirectory = workspace,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["WASMC_RUNNER"] = "host";
        start.Environment["WASMC_TEST_PIDFILE"] = pidFile;
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        var process = Process.Start(start)!;
        process.StandardOutput.ReadToEndAsync(); // drained, so the tool never blocks on a full pipe
        return process;
    }

    /// <summary>The stand-in compiler's pid, once it runs (polls the file it writes; fails if wasmc exits first).</summary>
    private static async Task<int> WaitForPidAsync(string pidFile, Process wasmc)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            {
                return pid;
            }

            if (wasmc.HasExited)
            {
                throw new ShouldAssertException($"wasmc exited with {wasmc.ExitCode} before the compiler started: {await wasmc.StandardError.ReadToEndAsync()}");
            }

            await Task.Delay(100);
        }

        throw new ShouldAssertException("the stand-in compiler did not start within 60 s");
    }
}
