using System.CommandLine;
using Hoist.Execution;
using Hoist.Snapshots;

namespace Hoist.Cli;

/// <summary>
/// <c>hoist run-rootfs</c>: runs one command the way a RUN step would, over layer directories, without an image store.
/// For trying out the runtime and for tests; <c>hoist run IMAGE</c> comes with the image store.
/// </summary>
public static class RunRootfsCommand
{
    public static Command Create()
    {
        var layers = new Option<string[]>("--layer", "-l")
        {
            Description = "A layer directory, top layer first; repeat for more (none: an empty root, like FROM scratch)",
            AllowMultipleArgumentsPerToken = false,
        };
        var user = new Option<string?>("--user", "-u") { Description = "USER to run as (name, uid, name:group, uid:gid)" };
        var workdir = new Option<string>("--workdir", "-w") { Description = "Working directory, created when missing", DefaultValueFactory = _ => "/" };
        var env = new Option<string[]>("--env", "-e") { Description = "KEY=value for the environment; repeatable" };
        var network = new Option<string>("--network")
        {
            Description = "default (private, outbound through pasta or slirp4netns, as a RUN step), host or none",
            DefaultValueFactory = _ => "default",
        };
        network.AcceptOnlyFromAmong("default", "host", "none");
        var snapshotter = new Option<string>("--snapshotter") { Description = "auto (default), overlay or copy", DefaultValueFactory = _ => "auto" };
        snapshotter.AcceptOnlyFromAmong("auto", "overlay", "copy");
        var runtime = new Option<string>("--runtime") { Description = "OCI runtime binary", DefaultValueFactory = _ => "runc" };
        var keep = new Option<string?>("--keep")
        {
            Description = "Move the changes here afterwards: DIR/upper for overlay, DIR/rootfs and DIR/pristine for copy",
        };
        var command = new Argument<string[]>("COMMAND") { Description = "The command and its arguments (exec form)", Arity = ArgumentArity.OneOrMore };
        var run = new Command("run-rootfs", "Run a command in a container over layer directories, as a RUN step would")
        {
            layers, user, workdir, env, network, snapshotter, runtime, keep, command,
        };
        run.SetAction(async (parse, cancellationToken) =>
        {
            var work = Directory.CreateTempSubdirectory("hoist-run-").FullName;
            try
            {
                ISnapshotter chosen = parse.GetValue(snapshotter) switch
                {
                    "overlay" => new OverlaySnapshotter(work),
                    "copy" => new CopySnapshotter(work),
                    _ => new AutoSnapshotter(work),
                };
                await using var snapshot = await chosen.PrepareAsync(parse.GetValue(layers) ?? [], cancellationToken);
                var output = parse.InvocationConfiguration.Output;
                var error = parse.InvocationConfiguration.Error;
                var result = await new RuncRuntime(new RuncRuntimeOptions { RuntimePath = parse.GetValue(runtime)! }).RunAsync(
                    new ContainerRunRequest
                    {
                        RootPath = snapshot.RootPath,
                        Args = parse.GetValue(command)!,
                        Env = parse.GetValue(env) ?? [],
                        WorkingDirectory = parse.GetValue(workdir)!,
                        User = parse.GetValue(user),
                        Network = BuildCommand.NetworkOption(parse.GetValue(network)),
                    },
                    line =>
                    {
                        var writer = line.IsStandardError ? error : output;
                        lock (writer) writer.WriteLine(line.Text);
                    },
                    cancellationToken);
                await snapshot.UnmountAsync();
                if (parse.GetValue(keep) is { } destination) snapshot.MoveFilesTo(destination);
                return result.ExitCode;
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        });
        return run;
    }
}
