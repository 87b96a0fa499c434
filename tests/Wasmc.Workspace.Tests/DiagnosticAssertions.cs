namespace Wasmc.Workspace.Tests;

internal static class DiagnosticAssertions
{
    public static void ShouldBe(this Diagnostic diagnostic, string code, int line, int column, string message)
    {
        diagnostic.ShouldSatisfyAllConditions(
            d => d.Code.ShouldBe(code),
            d => d.Message.ShouldBe(message),
            d => d.Position.ShouldNotBeNull(),
            d => (d.Position!.Value.Line, d.Position.Value.Column).ShouldBe((line, column)));
    }
}
