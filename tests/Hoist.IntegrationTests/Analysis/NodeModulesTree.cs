namespace Hoist.IntegrationTests.Analysis;

/// <summary>
/// A small, valid node_modules tree written without a registry: a scoped package, a package two others depend on at
/// different major versions (so one copy is nested), and a module-type package.json inside a package that is not a
/// package of its own.
/// </summary>
public static class NodeModulesTree
{
    /// <summary>Installed packages: a, c, d@1, @scope/b, and @scope/b's own d@2.</summary>
    public const int Installs = 5;

    public static void Write(string root)
    {
        Package(root, "app", "1.0.0", """{"a": "^1.0.0", "@scope/b": "^2.0.0", "c": "^1.0.0"}""");
        Package(Path.Combine(root, "node_modules", "a"), "a", "1.0.0", """{"d": "^1.0.0"}""");
        Package(Path.Combine(root, "node_modules", "d"), "d", "1.0.0", "{}");
        Package(Path.Combine(root, "node_modules", "@scope", "b"), "@scope/b", "2.0.0", """{"d": "^2.0.0"}""");
        Package(Path.Combine(root, "node_modules", "@scope", "b", "node_modules", "d"), "d", "2.0.0", "{}");
        Package(Path.Combine(root, "node_modules", "c"), "c", "1.0.0", "{}");
        var esm = Directory.CreateDirectory(Path.Combine(root, "node_modules", "c", "esm")).FullName;
        File.WriteAllText(Path.Combine(esm, "package.json"), """{"type": "module"}""");
    }

    private static void Package(string directory, string name, string version, string dependencies)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "package.json"),
            $$"""{"name": "{{name}}", "version": "{{version}}", "license": "MIT", "dependencies": {{dependencies}}}""");
    }
}
