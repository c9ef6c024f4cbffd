namespace Hoist.Dockerfile.Parsing;

/// <summary>Dockerfile text → <see cref="DockerfileSyntax"/>. Pure; errors are <see cref="DockerfileException"/>.</summary>
public static class DockerfileParser
{
    public static DockerfileSyntax Parse(string text, string fileName = "Dockerfile")
    {
        // Implemented by the parsing work; the contract above is what Instructions and Planning rely on.
        throw new NotImplementedException();
    }
}
