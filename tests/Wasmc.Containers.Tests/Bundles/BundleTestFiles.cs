namespace Wasmc.Containers.Tests.Bundles;

/// <summary>The repository's containers folder, and throw-away containers folders for error cases.</summary>
internal static class BundleTestFiles
{
    public static string RepositoryContainersDirectory
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "WasmCli.sln")))
                {
                    return Path.Combine(directory.FullName, "containers");
                }
            }

            throw new InvalidOperationException($"no WasmCli.sln above {AppContext.BaseDirectory}");
        }
    }

    public const string MinimalBundle = """
        name = "test-1"
        description = "a test bundle"
        wasi = ["preview2"]
        runner = "jco"
        languages = ["c"]
        base = "wasmc/debian:trixie"

        [tools]
        clang = "19.1.7"

        [toolchains.clang]
        dockerfile = "toolchains/clang.Dockerfile"
        tools = ["clang"]
        args = { LLVM_VERSION = "19" }

        [toolchains.clang.packages]
        clang-19 = "1:19.1.7-3+b1"
        """;
}

/// <summary>A containers folder in a temporary directory, deleted on dispose.</summary>
internal sealed class TemporaryContainersDirectory : IDisposable
{
    public TemporaryContainersDirectory()
    {
        Path = Directory.CreateTempSubdirectory("wasmc-bundles-").FullName;
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "bundles"));
        WriteFile("toolchains/npm-install.sh", "#!/bin/sh\n");
        WriteFile("toolchains/clang.Dockerfile", "ARG BASE\nFROM ${BASE}\nARG PACKAGES\nRUN apt-get install -y ${PACKAGES}\n");
    }

    public string Path { get; }

    public string WriteBundle(string name, string text) => WriteFile($"bundles/{name}.toml", text);

    public string WriteFile(string relativePath, string text)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
