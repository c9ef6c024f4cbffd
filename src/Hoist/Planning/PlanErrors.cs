using Hoist.Dockerfile;

namespace Hoist.Planning;

/// <summary>Errors tied to a Dockerfile line for layers that do not see Dockerfile types (the engine, resolving the
/// images a plan names before any stage runs).</summary>
public static class PlanErrors
{
    /// <summary>The <c>FILE:LINE: cause</c> error the CLI shows with BuildKit's snippet.</summary>
    public static HoistException AtLine(string file, int line, string cause) => new DockerfileException(file, line, cause);

    /// <summary>Whether <paramref name="error"/> already names its Dockerfile line.</summary>
    public static bool NamesALine(HoistException error) => error is DockerfileException;
}
