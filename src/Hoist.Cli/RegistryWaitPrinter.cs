using Hoist.Registry;

namespace Hoist.Cli;

/// <summary>
/// Prints one line when a registry asks Hoist to wait (429/503 with Retry-After), so a long pause is never silent:
/// <c>registry HOST: waiting 50 s (registry asked to retry after 50 s: 429 Too Many Requests)</c>.
/// </summary>
public sealed class RegistryWaitPrinter(TextWriter output) : IProgress<RegistryWait>
{
    private readonly Lock _gate = new();

    public void Report(RegistryWait value)
    {
        lock (_gate) output.WriteLine(value.Describe());
    }
}
