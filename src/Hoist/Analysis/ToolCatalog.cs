using System.Text.RegularExpressions;

namespace Hoist.Analysis;

/// <summary>
/// Executable names that make an image easier to attack or show that build tooling shipped: shells, package managers,
/// compilers and build tools. Versioned names (<c>gcc-12</c>, <c>x86_64-linux-gnu-gcc-12</c>, <c>pip3.11</c>) count
/// as their tool with that version.
/// </summary>
public static partial class ToolCatalog
{
    private static readonly Dictionary<string, FindingKind> Tools = new(StringComparer.Ordinal)
    {
        ["sh"] = FindingKind.Shell, ["bash"] = FindingKind.Shell, ["dash"] = FindingKind.Shell, ["ash"] = FindingKind.Shell,
        ["hush"] = FindingKind.Shell, ["zsh"] = FindingKind.Shell, ["ksh"] = FindingKind.Shell, ["ksh93"] = FindingKind.Shell,
        ["mksh"] = FindingKind.Shell, ["csh"] = FindingKind.Shell, ["tcsh"] = FindingKind.Shell, ["fish"] = FindingKind.Shell,
        ["rbash"] = FindingKind.Shell, ["yash"] = FindingKind.Shell, ["posh"] = FindingKind.Shell, ["busybox"] = FindingKind.Shell,
        ["apt"] = FindingKind.PackageManager, ["apt-get"] = FindingKind.PackageManager, ["aptitude"] = FindingKind.PackageManager,
        ["dpkg"] = FindingKind.PackageManager, ["apk"] = FindingKind.PackageManager, ["yum"] = FindingKind.PackageManager,
        ["dnf"] = FindingKind.PackageManager, ["microdnf"] = FindingKind.PackageManager, ["rpm"] = FindingKind.PackageManager,
        ["zypper"] = FindingKind.PackageManager, ["pacman"] = FindingKind.PackageManager, ["opkg"] = FindingKind.PackageManager,
        ["pip"] = FindingKind.PackageManager, ["pip3"] = FindingKind.PackageManager, ["pipx"] = FindingKind.PackageManager,
        ["npm"] = FindingKind.PackageManager, ["npx"] = FindingKind.PackageManager, ["yarn"] = FindingKind.PackageManager,
        ["pnpm"] = FindingKind.PackageManager, ["gem"] = FindingKind.PackageManager, ["bundle"] = FindingKind.PackageManager,
        ["composer"] = FindingKind.PackageManager, ["conda"] = FindingKind.PackageManager, ["mamba"] = FindingKind.PackageManager,
        ["poetry"] = FindingKind.PackageManager, ["uv"] = FindingKind.PackageManager, ["nuget"] = FindingKind.PackageManager,
        ["gcc"] = FindingKind.Compiler, ["cc"] = FindingKind.Compiler, ["g++"] = FindingKind.Compiler, ["c++"] = FindingKind.Compiler,
        ["clang"] = FindingKind.Compiler, ["clang++"] = FindingKind.Compiler, ["tcc"] = FindingKind.Compiler,
        ["gfortran"] = FindingKind.Compiler, ["go"] = FindingKind.Compiler, ["rustc"] = FindingKind.Compiler,
        ["cargo"] = FindingKind.Compiler, ["javac"] = FindingKind.Compiler, ["kotlinc"] = FindingKind.Compiler,
        ["scalac"] = FindingKind.Compiler, ["ghc"] = FindingKind.Compiler, ["swiftc"] = FindingKind.Compiler,
        ["zig"] = FindingKind.Compiler, ["nasm"] = FindingKind.Compiler, ["as"] = FindingKind.Compiler,
        ["ld"] = FindingKind.Compiler, ["make"] = FindingKind.Compiler, ["gmake"] = FindingKind.Compiler,
        ["cmake"] = FindingKind.Compiler, ["ninja"] = FindingKind.Compiler, ["meson"] = FindingKind.Compiler,
        ["autoconf"] = FindingKind.Compiler, ["automake"] = FindingKind.Compiler, ["libtool"] = FindingKind.Compiler,
        ["mvn"] = FindingKind.Compiler, ["gradle"] = FindingKind.Compiler, ["ant"] = FindingKind.Compiler,
        ["bazel"] = FindingKind.Compiler, ["msbuild"] = FindingKind.Compiler, ["csc"] = FindingKind.Compiler,
    };

    /// <summary>Directories whose executables count: any <c>bin</c> or <c>sbin</c> (also /usr/local/go/bin and the like).</summary>
    public static bool IsExecutableDirectory(string name) => name is "bin" or "sbin";

    /// <summary>The tool an executable name is, with its version when the name carries one.</summary>
    public static (FindingKind Kind, string Tool, string? Version)? Classify(string fileName)
    {
        if (Known.TryGetValue(fileName, out var known)) return known;
        var classified = ClassifyOnce(fileName);
        if (Known.Count < KnownLimit) Known.TryAdd(fileName, classified);
        return classified;
    }

    /// <summary>Names already classified: a build's summary scans a base's files once per stage image that holds them
    /// (busybox's 400 applet links four times in bench S2), and most names miss the exact table and go to the regex.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (FindingKind, string, string?)?> Known =
        new(StringComparer.Ordinal);

    private const int KnownLimit = 1 << 16;

    private static (FindingKind Kind, string Tool, string? Version)? ClassifyOnce(string fileName)
    {
        if (Tools.TryGetValue(fileName, out var exact)) return (exact, fileName, null);
        var match = VersionedName().Match(fileName);
        if (!match.Success) return null;
        var tool = match.Groups["tool"].Value;
        if (!Tools.TryGetValue(tool, out var kind)) return null;
        var version = match.Groups["version"].Value;
        return (kind, tool, version.Length == 0 ? null : version);
    }

    [GeneratedRegex(@"^(?:[a-z0-9_]+-(?:linux|pc|unknown|w64)-[a-z0-9_-]*?-)?(?<tool>[a-z+]+[a-z0-9+]*?)(?:-?(?<version>\d+(?:\.\d+)*))?$")]
    private static partial Regex VersionedName();
}
