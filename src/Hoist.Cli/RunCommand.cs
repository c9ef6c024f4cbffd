using System.CommandLine;
using Hoist.Building.Engine;
using Hoist.Execution;
using Hoist.Oci;

namespace Hoist.Cli;

/// <summary>
/// <c>hoist run [OPTIONS] IMAGE [COMMAND...]</c>, as <c>docker run</c> for checking an image: runs it from the store
/// and exits with the container's code. As in docker, everything after IMAGE belongs to the command.
/// </summary>
public static class RunCommand
{
    /// <summary>The options that take a value, so the image can be found among the arguments before parsing.</summary>
    private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal)
    {
        "--runtime", "--platform", "-e", "--env", "--env-file", "-u", "--user", "-w", "--workdir", "-v", "--volume", "--network", "--net",
        "-p", "--publish", "--entrypoint", "--name", "--root",
    };

    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "Image name or ID" };
        var args = new Argument<string[]>("COMMAND") { Description = "Command and arguments (default: the image's)", Arity = ArgumentArity.ZeroOrMore };
        var runtime = new Option<string>("--runtime") { Description = "OCI runtime binary", DefaultValueFactory = _ => "runc" };
        var platform = new Option<string?>("--platform")
        {
            Description = "Run this platform's image of a multi-platform image, os/arch[/variant] (default: this machine's); another platform runs emulated",
        };
        var env = new Option<string[]>("--env", "-e") { Description = "Set an environment variable KEY=VALUE (KEY alone: from this environment); repeatable" };
        var envFile = new Option<string[]>("--env-file") { Description = "Read KEY=VALUE lines from a file; repeatable" };
        var user = new Option<string?>("--user", "-u") { Description = "USER[:GROUP] to run as (default: the image's)" };
        var workdir = new Option<string?>("--workdir", "-w") { Description = "Working directory (default: the image's)" };
        var volumes = new Option<string[]>("--volume", "-v")
        {
            Description = "Mount a host path or a named volume: [HOST-PATH|NAME:]CONTAINER-PATH[:ro|rw|nocopy]; a new named volume is seeded from the image "
                + "(hoist volume ls); without a source, an anonymous volume removed after the run; repeatable",
        };
        var network = new Option<string?>("--network", "--net")
        {
            Description = "default (a private network with outbound access, as docker's bridge; also \"bridge\"), host or none",
        };
        var publish = new Option<string[]>("--publish", "-p")
        {
            Description = "Publish a port [[IP:][HOST-PORT]:]CONTAINER-PORT[/tcp|udp], ranges as 8000-8001:8000-8001 (IP defaults to 127.0.0.1; "
                + "no host port: a free one, printed on standard error); repeatable",
        };
        var publishAll = new Option<bool>("--publish-all", "-P") { Description = "Publish every port the image exposes on a free port of 127.0.0.1 (printed on standard error)" };
        var entrypoint = new Option<string?>("--entrypoint") { Description = "Replace the image's ENTRYPOINT (and drop its CMD); \"\" for none" };
        var remove = new Option<bool>("--rm") { Description = "Accepted: the container is always removed" };
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Attach standard input (and output) to the container" };
        var tty = new Option<bool>("--tty", "-t") { Description = "Give the container a pseudo-terminal (with -i: an interactive shell)" };
        var name = new Option<string?>("--name") { Description = "Accepted and ignored: containers are not kept" };
        var command = new Command("run", "Run a command in a new container from an image")
        {
            runtime, platform, env, envFile, user, workdir, volumes, network, publish, publishAll, entrypoint, remove, interactive, tty, name, image, args,
        };
        command.TreatUnmatchedTokensAsErrors = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var ports = (parse.GetValue(publish) ?? []).SelectMany(PublishedPortSpec.Parse).ToList();
            var mode = Network(parse.GetValue(network));
            if ((ports.Count > 0 || parse.GetValue(publishAll)) && mode != NetworkMode.Sandbox)
            {
                // docker's warning: only a private network has ports to publish.
                error.WriteLine($"WARNING: Published ports are discarded when using {(mode == NetworkMode.Host ? "host" : "none")} network mode");
                ports = [];
            }
            var options = new ImageRunOptions
            {
                Env = [.. (parse.GetValue(envFile) ?? []).SelectMany(EnvFile), .. (parse.GetValue(env) ?? []).SelectMany(EnvEntry)],
                Entrypoint = parse.GetValue(entrypoint),
                User = parse.GetValue(user),
                WorkingDirectory = parse.GetValue(workdir),
                Volumes = [.. (parse.GetValue(volumes) ?? []).Select(v => RunVolumeSpec.Parse(v, Environment.CurrentDirectory))],
                Network = mode,
                PublishedPorts = ports,
                PublishAll = parse.GetValue(publishAll),
                // docker run prints nothing; a port Hoist chose is otherwise unknown (there is no docker port to ask), so its
                // mapping goes to standard error in docker port's form, which leaves the container's output alone.
                PortsPublished = published =>
                {
                    lock (error)
                    {
                        foreach (var port in published.Where(p => p.Picked)) error.WriteLine(port.ToString());
                    }
                },
                Stdio = Stdio(parse.GetValue(interactive), parse.GetValue(tty)),
            };
            return await new ImageRunner(GlobalOptions.OpenStore(parse)).RunAsync(parse.GetValue(image)!, parse.GetValue(args) ?? [], line =>
            {
                var writer = line.IsStandardError ? error : output;
                lock (writer) writer.WriteLine(line.Text);
            }, parse.GetValue(runtime)!, parse.GetValue(platform) is { } p ? Platform.Parse(p) : null, cancellationToken, options);
        });
        return command;
    }

    /// <summary>
    /// Puts <c>--</c> after the IMAGE of a <c>run</c> so that the command's own flags (<c>hoist run img ls -l</c>) are
    /// never read as hoist's, as docker does.
    /// </summary>
    public static string[] SeparateCommand(string[] args)
    {
        var run = Array.IndexOf(args, "run");
        if (run < 0 || args[..run].Any(a => !a.StartsWith('-') && !IsGlobalValue(args, Array.IndexOf(args, a)))) return args;
        for (var i = run + 1; i < args.Length; i++)
        {
            if (args[i] == "--") return args;
            if (args[i].StartsWith('-') && args[i].Length > 1)
            {
                var flag = args[i].Split('=', 2)[0];
                if (ValueOptions.Contains(flag) && !args[i].Contains('=')) i++;
                else if (!ValueOptions.Contains(flag) && !IsFlag(flag)) throw new HoistException($"hoist run: {UnknownFlag(flag)} (see hoist run --help)");
                continue;
            }
            return i + 1 < args.Length && args[i + 1] == "--" ? args : [.. args[..(i + 1)], "--", .. args[(i + 1)..]];
        }
        return args;
    }

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--rm", "--interactive", "--tty", "--publish-all", "--help", "-h", "-?" };

    /// <summary>A flag without a value, or a bundle of -i, -t and -P (<c>-it</c>, <c>-itP</c>).</summary>
    private static bool IsFlag(string flag) =>
        Flags.Contains(flag) || (flag.Length > 1 && flag[1] != '-' && flag[1..].All(IsBundled));

    private static bool IsBundled(char c) => c is 'i' or 't' or 'P';

    /// <summary>docker's wording.</summary>
    private static string UnknownFlag(string flag) =>
        flag.StartsWith("--", StringComparison.Ordinal) ? $"unknown flag: {flag}" : $"unknown shorthand flag: '{flag[1..].First(c => !IsBundled(c))}' in {flag}";

    private static bool IsGlobalValue(string[] args, int index) => index > 0 && args[index - 1] == "--root";

    /// <summary>docker's <c>-e KEY</c>: the value from this environment, or nothing when it is unset.</summary>
    private static IEnumerable<string> EnvEntry(string entry)
    {
        if (entry.StartsWith('=') || entry.Length == 0) throw new HoistException($"invalid environment variable: \"{entry}\"");
        if (entry.Contains('=')) return [entry];
        return Environment.GetEnvironmentVariable(entry) is { } value ? [$"{entry}={value}"] : [];
    }

    private static IEnumerable<string> EnvFile(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoistException($"--env-file {path}: {e.Message}", e);
        }
        return lines.Select(l => l.TrimStart()).Where(l => l.Length > 0 && !l.StartsWith('#')).SelectMany(EnvEntry).ToList();
    }

    /// <summary>docker refuses <c>-it</c> when its input is not a terminal, rather than failing inside the container.</summary>
    private static ContainerStdio Stdio(bool interactive, bool tty)
    {
        if (tty && interactive && Console.IsInputRedirected) throw new HoistException("the input device is not a TTY");
        return tty ? ContainerStdio.Terminal : interactive ? ContainerStdio.Attached : ContainerStdio.Captured;
    }

    /// <summary>docker run's networks: the default is a private one (docker's bridge; Hoist never makes one on the
    /// host, the namespace reaches out through pasta or slirp4netns as a RUN's does).</summary>
    private static NetworkMode Network(string? value) => value switch
    {
        null or "default" or "bridge" => NetworkMode.Sandbox,
        "host" => NetworkMode.Host,
        "none" => NetworkMode.None,
        _ => throw new HoistException($"--network: unknown network \"{value}\" (default, host or none)"),
    };
}
