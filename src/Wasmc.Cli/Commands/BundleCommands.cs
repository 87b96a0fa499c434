using McMaster.Extensions.CommandLineUtils;
using Spectre.Console;
using Wasmc.Cli.Infrastructure;
using Wasmc.Cli.Services;
using Wasmc.Containers.Bundles;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Cli.Commands;

[Command(
    "bundle",
    Description = "List, inspect, build and pull toolchain bundles (pinned sets of toolchain images).",
    ExtendedHelpText = """

A bundle names exact tool versions and the images that hold them; components choose one in
wasmc.toml. Bundle definitions ship with wasmc (override their folder with WASMC_CONTAINERS_DIR).

Examples:
  dotnet wasmc bundle list
  dotnet wasmc bundle show wasi-p2-2025.1 --json
  dotnet wasmc bundle build --all
""")]
[Subcommand(typeof(BundleListCommand), typeof(BundleShowCommand), typeof(BundleBuildCommand), typeof(BundlePullCommand))]
internal sealed class BundleCommand
{
    internal int OnExecute(CommandLineApplication app)
    {
        app.ShowHelp();
        return ExitCodes.BadInput;
    }
}

[Command("list", Description = "List the bundles wasmc knows, with their WASI level and toolchains.",
    ExtendedHelpText = """

Examples:
  dotnet wasmc bundle list
  dotnet wasmc bundle list --json
""")]
internal sealed class BundleListCommand(ContainersLocator containers, CliOutput output)
{
    [Option("--json", CommandOptionType.NoValue, Description = "Print the list as JSON.")]
    public bool Json { get; set; }

    internal int OnExecute()
    {
        var bundles = containers.Catalog().Bundles.Select(BundleRow.From).ToList();
        if (Json)
        {
            output.Json(new { bundles });
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumns("Name", "WASI", "Languages", "Toolchains", "Description");
        foreach (var bundle in bundles)
        {
            table.AddRow(
                Markup.Escape(bundle.Name),
                Markup.Escape(string.Join(", ", bundle.Wasi)),
                Markup.Escape(string.Join(", ", bundle.Languages)),
                Markup.Escape(string.Join(", ", bundle.Toolchains.Select(t => t.Name))),
                Markup.Escape(bundle.Description));
        }

        output.Console.Write(table);
        return ExitCodes.Success;
    }
}

[Command("show", Description = "Show one bundle: tool versions, toolchain images and whether each image is present.",
    ExtendedHelpText = """

Examples:
  dotnet wasmc bundle show wasi-p2-2025.1
  dotnet wasmc bundle show wasi-p2-2025.1 --json
""")]
internal sealed class BundleShowCommand(ContainersLocator containers, CliOutput output)
{
    [Argument(0, "name", "The bundle name (see 'dotnet wasmc bundle list').")]
    public string? Name { get; set; }

    [Option("--json", CommandOptionType.NoValue, Description = "Print the bundle as JSON.")]
    public bool Json { get; set; }

    internal int OnExecute()
    {
        var name = Name ?? throw new BadInputException("'bundle show' needs a bundle name (see 'dotnet wasmc bundle list')");
        var bundle = BundleRow.From(containers.Get(name));
        if (Json)
        {
            output.Json(bundle);
            return ExitCodes.Success;
        }

        output.Line($"{bundle.Name}: {bundle.Description}");
        output.Line($"WASI:      {string.Join(", ", bundle.Wasi)}");
        output.Line($"Languages: {string.Join(", ", bundle.Languages)}");
        output.Line($"Runner:    {bundle.Runner}");
        output.Line($"Base:      {bundle.Base}");
        output.Line();
        var tools = new Table().Border(TableBorder.Simple).AddColumns("Tool", "Version");
        foreach (var (tool, version) in bundle.Tools)
        {
            tools.AddRow(Markup.Escape(tool), Markup.Escape(version));
        }

        output.Console.Write(tools);
        var toolchains = new Table().Border(TableBorder.Simple).AddColumns("Toolchain", "Image", "Tools");
        foreach (var toolchain in bundle.Toolchains)
        {
            toolchains.AddRow(Markup.Escape(toolchain.Name), Markup.Escape(toolchain.Image), Markup.Escape(string.Join(", ", toolchain.Tools)));
        }

        output.Console.Write(toolchains);
        return ExitCodes.Success;
    }
}

/// <summary>A bundle in <c>bundle list --json</c> and <c>bundle show --json</c>; property names are part of the JSON contract.</summary>
internal sealed record BundleRow(
    string Name,
    string Description,
    IReadOnlyList<string> Wasi,
    IReadOnlyList<string> Languages,
    string Runner,
    string Base,
    IReadOnlyDictionary<string, string> Tools,
    IReadOnlyList<ToolchainRow> Toolchains)
{
    public static BundleRow From(Bundle bundle) => new(
        bundle.Name,
        bundle.Description,
        bundle.Wasi.Select(WasiName).ToList(),
        bundle.Languages,
        bundle.Runner,
        bundle.Base,
        new SortedDictionary<string, string>(bundle.Tools.ToDictionary(), StringComparer.Ordinal),
        bundle.Toolchains.Select(t => new ToolchainRow(t.Name, t.ImageReference, t.Tools)).ToList());

    private static string WasiName(WasiLevel level) => level switch
    {
        WasiLevel.Preview2 => "preview2",
        WasiLevel.Preview3 => "preview3",
        _ => level.ToString().ToLowerInvariant(),
    };
}

/// <summary>One toolchain image of a bundle.</summary>
internal sealed record ToolchainRow(string Name, string Image, IReadOnlyList<string> Tools);

[Command("build", Description = "Build a bundle's toolchain images locally from the Dockerfiles that ship with wasmc.",
    ExtendedHelpText = """

Needs a running Docker engine (exit code 3 when it cannot be reached).

Examples:
  dotnet wasmc bundle build wasi-p2-2025.1
  dotnet wasmc bundle build --all
""")]
internal sealed class BundleBuildCommand
{
    [Argument(0, "name", "The bundle to build (or --all).")]
    public string? Name { get; set; }

    [Option("--all", CommandOptionType.NoValue, Description = "Build the images of every bundle.")]
    public bool All { get; set; }

    internal int OnExecute() => throw new NotImplementedException("bundle images are not wired yet");
}

[Command("pull", Description = "Pull a bundle's toolchain images from their registry.",
    ExtendedHelpText = """

Needs a running Docker engine that can reach the registry (exit code 3 otherwise).

Examples:
  dotnet wasmc bundle pull wasi-p2-2025.1
""")]
internal sealed class BundlePullCommand
{
    [Argument(0, "name", "The bundle to pull.")]
    public string? Name { get; set; }

    internal int OnExecute() => throw new NotImplementedException("bundle images are not wired yet");
}
