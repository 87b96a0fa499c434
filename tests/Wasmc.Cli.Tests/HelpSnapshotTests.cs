using Wasmc.Cli.Tests.Support;

namespace Wasmc.Cli.Tests;

/// <summary>What users see for --help, pinned as golden files.</summary>
public sealed class HelpSnapshotTests
{
    private static readonly string[] AllVerbs =
    [
        "new",
        "build",
        "test",
        "run",
        "bundle",
        "bundle list",
        "bundle show",
        "bundle build",
        "bundle save",
        "bundle load",
        "bundle push",
        "bundle pull",
        "plugins",
        "plugins list",
        "wit",
        "wit check",
        "wit print",
        "wit json",
        "wit deps",
        "doctor",
        "devcontainer",
        "devcontainer init",
    ];

    public static TheoryData<string> Verbs() => new(AllVerbs);

    [Fact]
    public void Root_help()
    {
        var result = CliRunner.Run("--help");

        result.ExitCode.ShouldBe(0);
        result.Error.ShouldBeEmpty();
        Snapshot.Verify("help-root", result.ToSnapshot());
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Verb_help(string verb)
    {
        var result = CliRunner.Run([.. verb.Split(' '), "--help"]);

        result.ExitCode.ShouldBe(0);
        result.Error.ShouldBeEmpty();
        result.Out.ShouldContain("Examples:");
        Snapshot.Verify($"help-{verb.Replace(' ', '-')}", result.ToSnapshot());
    }

    [Fact]
    public void Every_verb_has_a_help_snapshot_test()
    {
        using var services = CompositionRoot.BuildServices(
            new Wasmc.Cli.Infrastructure.CliEnvironment(TextWriter.Null, TextWriter.Null, "/", new Dictionary<string, string>(), false, 100),
            CancellationToken.None);
        using var app = CompositionRoot.CreateApplication(services);
        var tested = AllVerbs.ToHashSet();

        var verbs = app.Commands.SelectMany(command =>
            command.Commands.Select(sub => $"{command.Name} {sub.Name}").Prepend(command.Name!));

        verbs.Where(verb => !tested.Contains(verb)).ShouldBeEmpty();
    }

    [Fact]
    public void No_verb_prints_help_and_is_a_usage_error()
    {
        var result = CliRunner.Run();

        result.ExitCode.ShouldBe(2);
        result.Out.ShouldContain("Usage: dotnet wasmc [options] [command]");
    }

    [Fact]
    public void A_verb_group_without_its_verb_prints_its_help_and_is_a_usage_error()
    {
        var result = CliRunner.Run("bundle");

        result.ExitCode.ShouldBe(2);
        result.Out.ShouldContain("Usage: dotnet wasmc bundle [options] [command]");
    }
}
