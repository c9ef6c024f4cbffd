using Hoist.Archives;

namespace Hoist.Analysis.Sbom;

/// <summary>Go modules compiled into executables: any executable file with embedded Go build info lists its main
/// module and every dependency (as <c>go version -m</c> shows them).</summary>
public sealed class GoBinaryScanner : FileInspector
{
    private const int AnyExecute = 0x49;

    public override bool Wants(string path, TarEntry entry) => (entry.Mode & AnyExecute) != 0 && entry.Size >= 4096;

    public override FileEvidence? Inspect(string path, TarEntry entry, Stream content)
    {
        Span<byte> elf = stackalloc byte[4];
        if (content.ReadAtLeast(elf, 4, throwOnEndOfStream: false) < 4 || !elf.SequenceEqual((ReadOnlySpan<byte>)[0x7f, (byte)'E', (byte)'L', (byte)'F'])) return null;
        if (GoBuildInfo.Find(content, offset: 4) is not { } info) return null;
        var packages = new List<SoftwarePackage>();
        if (info.Main is { } main)
            packages.Add(new SoftwarePackage("golang", main.Path, main.Version, path));
        foreach (var dependency in info.Dependencies)
        {
            var used = dependency.Replacement is { Version.Length: > 0 } r && !r.Path.StartsWith('.') && !r.Path.StartsWith('/') ? r : dependency;
            packages.Add(new SoftwarePackage("golang", used.Path, used.Version, path));
        }
        return new PackagesEvidence(packages);
    }
}
