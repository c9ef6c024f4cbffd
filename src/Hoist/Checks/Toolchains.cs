using Hoist.Oci;

namespace Hoist.Checks;

/// <summary>What counts as build tooling: toolchain base images, and packages that compile or fetch sources.</summary>
internal static class Toolchains
{
    private static readonly HashSet<string> ToolchainImages = new(StringComparer.Ordinal)
    {
        "golang", "rust", "maven", "gradle", "gcc", "buildpack-deps", "clojure", "haskell", "swift", "sbt",
        "dotnet/sdk", "dotnet/core/sdk", "microsoft/dotnet", "nvidia/cuda-devel",
    };

    /// <summary>JDK images: a JDK unless the tag says jre.</summary>
    private static readonly HashSet<string> JavaImages = new(StringComparer.Ordinal)
    {
        "openjdk", "eclipse-temurin", "amazoncorretto", "ibmjava", "sapmachine", "azul/zulu-openjdk",
    };

    /// <summary>Words that make an image name or tag a toolchain (debian-gcc, cuda:12-devel, custom-sdk).</summary>
    private static readonly HashSet<string> ToolchainWords = new(StringComparer.Ordinal) { "gcc", "golang", "sdk", "jdk", "devel", "buildpack", "toolchain" };

    private static readonly HashSet<string> BuildPackages = new(StringComparer.Ordinal)
    {
        "gcc", "g++", "clang", "make", "cmake", "build-essential", "build-base", "alpine-sdk", "git", "golang", "go",
        "rustc", "cargo", "maven", "gradle", "default-jdk", "autoconf", "automake", "libtool", "pkg-config", "pkgconf",
        "gcc-c++", "musl-dev", "bison", "flex", "ninja-build",
    };

    /// <summary>A short description of the toolchain an image is, or null for a runtime image.</summary>
    public static string? ImageToolchain(string name)
    {
        if (!ImageReference.TryParse(name, out var reference, out _)) return null;
        var repository = reference.FamiliarRepository;
        var path = reference.Registry == ImageReference.DockerHub ? repository : reference.Repository;
        var tag = reference.Tag ?? "latest";
        if (ToolchainImages.Contains(path) || ToolchainImages.Contains(path.Split('/')[^1])) return path;
        if (JavaImages.Contains(path) && !tag.Contains("jre", StringComparison.Ordinal)) return $"{path} (a JDK)";
        var words = path.Split('/')[^1].Split('-', '_').Concat(tag.Split('-', '_', '.'));
        return words.Any(ToolchainWords.Contains) ? path : null;
    }

    /// <summary>Whether a package is a compiler, build system, VCS or headers (<c>*-dev</c>, <c>*-devel</c>).</summary>
    public static bool IsBuildPackage(string package) =>
        BuildPackages.Contains(package) || package.EndsWith("-dev", StringComparison.Ordinal)
        || package.EndsWith("-devel", StringComparison.Ordinal) || (package.StartsWith("openjdk-", StringComparison.Ordinal) && package.EndsWith("-jdk", StringComparison.Ordinal));
}
