namespace Hoist.Analysis.Sbom;

/// <summary>The SBOM formats <c>hoist sbom --format</c> writes.</summary>
public static class SbomFormat
{
    public const string Spdx = "spdx-json";
    public const string CycloneDx = "cyclonedx-json";

    public static readonly IReadOnlyList<string> Names = [Spdx, CycloneDx, $"{CycloneDx}@1.5", $"{CycloneDx}@1.6"];

    /// <summary>Writes <paramref name="document"/> in <paramref name="format"/>; an unknown format is a one-line error.</summary>
    public static void Write(SbomDocument document, string format, Stream output)
    {
        switch (format)
        {
            case Spdx: SpdxWriter.Write(document, output); break;
            case CycloneDx or $"{CycloneDx}@1.5": CycloneDxWriter.Write(document, output, "1.5"); break;
            case $"{CycloneDx}@1.6": CycloneDxWriter.Write(document, output, "1.6"); break;
            default: throw new HoistException($"unknown SBOM format \"{format}\" (known: {string.Join(", ", Names)})");
        }
    }
}
