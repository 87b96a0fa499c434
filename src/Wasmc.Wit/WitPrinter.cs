namespace Wasmc.Wit;

/// <summary>Prints a package of a resolve as normalised WIT text.</summary>
public static class WitPrinter
{
    public static string Print(Resolve resolve, int packageId) => throw new NotImplementedException();
}
