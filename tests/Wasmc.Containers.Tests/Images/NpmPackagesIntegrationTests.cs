using Wasmc.Containers.Bundles;
using Wasmc.Containers.Images;
using Wasmc.Containers.Tests.Bundles;
using Wasmc.Containers.Tests.Support;
using Wasmc.Docker;
using Xunit.Abstractions;

namespace Wasmc.Containers.Tests.Images;

/// <summary>
/// Every npm package a bundle declares for a toolchain is installed at its version and can be imported by
/// the image's node, and what componentize-js imports at run time resolves from its own folder. Guards against
/// an npm that silently leaves out a locked package (sid's npm 12 skipped the lock's "extraneous"
/// preview2-shim, and every componentize-js run failed).
/// </summary>
public sealed class NpmPackagesIntegrationTests(ITestOutputHelper output)
{
    private const string NpmRoot = "/opt/wasmc/npm";
    private const string ComponentizeJs = "@bytecodealliance/componentize-js";

    private static readonly BundleCatalog Catalog = BundleCatalog.Load(BundleTestFiles.RepositoryContainersDirectory);

    // argv: name@version ... ; prints one line per problem, exits 1 when there is any.
    private const string CheckDeclaredPackages = """
        import { existsSync, readFileSync } from "node:fs";
        const problems = [];
        for (const declared of process.argv.slice(1)) {
          const at = declared.lastIndexOf("@");
          const [name, version] = [declared.slice(0, at), declared.slice(at + 1)];
          const manifestPath = "node_modules/" + name + "/package.json";
          if (!existsSync(manifestPath)) { problems.push(name + " is not installed"); continue; }
          const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
          if (manifest.version !== version) problems.push(name + " is " + manifest.version + ", the bundle declares " + version);
          const hasEntryPoint = manifest.exports || manifest.main || manifest.module || existsSync("node_modules/" + name + "/index.js");
          if (!hasEntryPoint) continue;
          try { await import(name); console.log("imported " + name + "@" + manifest.version); }
          catch (e) { problems.push("import('" + name + "') fails: " + e.message.split("\n")[0]); }
        }
        if (problems.length) { console.error(problems.join("\n")); process.exit(1); }
        """;

    // Run in componentize-js's folder: every bare specifier its modules import must resolve from there.
    private const string CheckComponentizeJsImports = """
        import { readdirSync, readFileSync } from "node:fs";
        const specifiers = new Set();
        for (const folder of ["src", "lib"]) {
          for (const file of readdirSync(folder).filter(f => f.endsWith(".js"))) {
            for (const m of readFileSync(folder + "/" + file, "utf8").matchAll(/(?:^|\n)\s*import\s[^'"]*?from\s*['"]([^'"./][^'"]*)['"]/g)) {
              if (!m[1].startsWith("node:")) specifiers.add(m[1]);
            }
          }
        }
        if (![...specifiers].some(s => s.startsWith("@bytecodealliance/preview2-shim"))) {
          console.error("no preview2-shim import found in componentize-js: the scan is broken"); process.exit(1);
        }
        const problems = [];
        for (const specifier of specifiers) {
          try { await import(specifier); console.log("resolved " + specifier); }
          catch (e) { problems.push("import('" + specifier + "') from componentize-js fails: " + e.message.split("\n")[0]); }
        }
        if (problems.length) { console.error(problems.join("\n")); process.exit(1); }
        """;

    public static TheoryData<string, string> ToolchainsWithNpmPackages()
    {
        var data = new TheoryData<string, string>();
        foreach (var bundle in Catalog.Bundles)
        {
            foreach (var toolchain in bundle.Toolchains.Where(t => t.Npm.Count > 0))
            {
                data.Add(bundle.Name, toolchain.Name);
            }
        }

        return data;
    }

    [Fact]
    public void Every_bundle_declares_componentize_js_with_preview2_shim_for_its_node_image()
    {
        foreach (var bundle in Catalog.Bundles.Where(b => b.Toolchains.Any(t => t.Name == "node")))
        {
            var npm = bundle.GetToolchain("node").Npm;
            npm.ContainsKey(ComponentizeJs).ShouldBeTrue(bundle.Name);
            npm.ContainsKey("@bytecodealliance/preview2-shim").ShouldBeTrue($"{bundle.Name}: componentize-js imports it at run time but does not depend on it");
        }
    }

    [DockerTheory]
    [MemberData(nameof(ToolchainsWithNpmPackages))]
    public async Task Every_declared_npm_package_is_installed_and_importable(string bundleName, string toolchainName)
    {
        var bundle = Catalog.Get(bundleName);
        var toolchain = bundle.GetToolchain(toolchainName);
        using var docker = await TestDocker.ConnectAsync();
        await new BundleImageBuilder(docker, Catalog).BuildAsync(bundle, toolchainName, progress: null);

        var declared = toolchain.Npm.Select(p => $"{p.Key}@{p.Value}").ToList();
        var (exitCode, stdout, stderr) = await RunNodeAsync(docker, toolchain.ImageReference, NpmRoot, CheckDeclaredPackages, declared);
        output.WriteLine(stdout);
        exitCode.ShouldBe(0, $"npm packages of {toolchain.ImageReference}:\n{stderr}");

        if (toolchain.Npm.ContainsKey(ComponentizeJs))
        {
            (exitCode, stdout, stderr) = await RunNodeAsync(
                docker, toolchain.ImageReference, $"{NpmRoot}/node_modules/{ComponentizeJs}", CheckComponentizeJsImports, []);
            output.WriteLine(stdout);
            exitCode.ShouldBe(0, $"componentize-js imports in {toolchain.ImageReference}:\n{stderr}");
            stdout.ShouldContain("resolved @bytecodealliance/preview2-shim/");
        }
    }

    // As an unprivileged user without network, the way wasmc runs build steps.
    private static async Task<(long ExitCode, string Stdout, string Stderr)> RunNodeAsync(
        IDockerClient docker, string image, string workingDirectory, string module, IReadOnlyList<string> arguments)
    {
        var id = await docker.Containers.CreateAsync(new ContainerSpec(image)
        {
            Cmd = ["node", "--input-type=module", "-e", module, .. arguments],
            WorkingDirectory = workingDirectory,
            User = "1000:1000",
            NetworkMode = "none",
            Labels = new Dictionary<string, string> { ["wasmc.test"] = "true" },
        });
        try
        {
            await docker.Containers.StartAsync(id);
            var exitCode = await docker.Containers.WaitAsync(id);
            await using var logs = await docker.Containers.LogsAsync(id);
            var (stdout, stderr) = await logs.ReadToEndAsync();
            return (exitCode, stdout, stderr);
        }
        finally
        {
            await docker.Containers.RemoveAsync(id, force: true);
        }
    }
}
