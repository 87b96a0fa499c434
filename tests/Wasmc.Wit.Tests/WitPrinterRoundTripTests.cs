using Xunit.Abstractions;

namespace Wasmc.Wit.Tests;

/// <summary>
/// Every resolve case of the wit-parser ui suite, printed (all packages in one text, dependencies as
/// nested packages) and read back, describes the same as the original.
/// </summary>
public sealed class WitPrinterRoundTripTests(ITestOutputHelper output)
{
    public static TheoryData<string> PassCases() => [.. WitConformance.PassCases().Where(c => !WitConformance.Waivers.ContainsKey(c))];

    [Theory]
    [MemberData(nameof(PassCases))]
    public void Printed_case_reads_back_to_the_same_resolve(string name)
    {
        var original = WitLoader.Load(WitConformance.InputPath(WitConformance.UiDirectory, name), WitConformance.Options);
        var text = WitPrinter.PrintAll(original.Resolve, original.PackageId);
        output.WriteLine(text);

        var reparsed = WitLoader.LoadText(text, name + ".printed.wit", WitConformance.Options);

        reparsed.Package.Name.ShouldBe(original.Package.Name);
        ResolveShape.Describe(reparsed.Resolve).ShouldBe(ResolveShape.Describe(original.Resolve));
        WitPrinter.Print(reparsed.Resolve, reparsed.PackageId).ShouldBe(WitPrinter.Print(original.Resolve, original.PackageId));
    }

    [Fact]
    public void Printed_wasi_set_reads_back_to_the_same_resolve()
    {
        var original = WitLoader.Load(Path.Combine(WitConformance.RepoRoot, "src", "Wasmc.Wit", "Wasi", "0.2.12"));
        var text = WitPrinter.PrintAll(original.Resolve, original.PackageId);

        var reparsed = WitLoader.LoadText(text, "wasi.printed.wit");

        ResolveShape.Describe(reparsed.Resolve).ShouldBe(ResolveShape.Describe(original.Resolve));
        text.ShouldContain("use wasi:io/streams@0.2.12.{input-stream, output-stream};");
    }
}
