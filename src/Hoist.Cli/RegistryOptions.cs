using System.CommandLine;
using Hoist.Registry;

namespace Hoist.Cli;

/// <summary>
/// Registry settings shared by every command that talks to registries (pull, push, build): mirrors and insecure
/// registries on top of the configuration file (<see cref="RegistryConfiguration.Load"/>).
/// </summary>
public static class RegistryOptions
{
    public static Option<string[]> Mirrors { get; } = new("--registry-mirror")
    {
        Description = "Try this mirror before a registry, HOST=URL (e.g. docker.io=http://127.0.0.1:5000); repeatable",
        HelpName = "HOST=URL",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string[]> Insecure { get; } = new("--insecure-registry")
    {
        Description = "Allow plain HTTP or unverified TLS for this registry (loopback always is); repeatable",
        HelpName = "HOST",
    };

    /// <summary>Adds the registry options to <paramref name="command"/>.</summary>
    public static void AddTo(Command command)
    {
        command.Options.Add(Mirrors);
        command.Options.Add(Insecure);
    }

    public static RegistryConfiguration Configuration(ParseResult parse)
    {
        var configuration = RegistryConfiguration.Load();
        foreach (var text in parse.GetValue(Mirrors) ?? [])
        {
            var equals = text.IndexOf('=');
            if (equals <= 0 || !Uri.TryCreate(text[(equals + 1)..], UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new HoistException($"invalid --registry-mirror \"{text}\": expected HOST=URL with an http or https URL");
            }
            configuration = configuration.WithMirror(text[..equals], url);
        }
        foreach (var host in parse.GetValue(Insecure) ?? []) configuration = configuration.WithInsecure(host);
        return configuration;
    }

    /// <summary>
    /// A client with docker's credentials, the configuration from the command line, the timeouts from the environment
    /// (<see cref="RegistryTimeouts.FromEnvironment"/>), and a line on standard error for every wait a registry asks for.
    /// </summary>
    public static RegistryClient CreateClient(ParseResult parse) =>
        new(new RegistryClientOptions
        {
            Configuration = Configuration(parse),
            Timeouts = RegistryTimeouts.FromEnvironment(),
            Waits = new RegistryWaitPrinter(parse.InvocationConfiguration.Error),
        });
}
