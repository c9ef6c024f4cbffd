using System.CommandLine;
using Hoist.Execution;
using Hoist.Posix;

namespace Hoist.Cli;

/// <summary><c>--add-host</c>, <c>--ulimit</c>, <c>--shm-size</c> and <c>--cgroup-parent</c> of <c>docker build</c>: how every
/// RUN container is set up.</summary>
public static class RunSandboxFlags
{
    public sealed record Options(Option<string[]> AddHost, Option<string[]> Ulimit, Option<string?> ShmSize, Option<string?> CgroupParent);

    public static Options AddTo(Command command)
    {
        var options = new Options(
            new Option<string[]>("--add-host")
            {
                Description = "Add a line to every RUN's /etc/hosts: HOST:IP (or HOST=IP; host-gateway is 127.0.0.1 with --network host); repeatable",
            },
            new Option<string[]>("--ulimit") { Description = "Resource limit of every RUN: TYPE=SOFT[:HARD] (nofile, nproc, core, stack…; -1 unlimited); repeatable" },
            new Option<string?>("--shm-size") { Description = "Size of /dev/shm in every RUN (e.g. 128m; default 64m)" },
            new Option<string?>("--cgroup-parent") { Description = "Parent cgroup of the RUN containers (a path; default: below Hoist's own)" });
        command.Options.Add(options.AddHost);
        command.Options.Add(options.Ulimit);
        command.Options.Add(options.ShmSize);
        command.Options.Add(options.CgroupParent);
        return options;
    }

    public static RunSandboxOptions Read(ParseResult parse, Options options, NetworkMode network) => new()
    {
        ExtraHosts = [.. (parse.GetValue(options.AddHost) ?? []).Select(h => AddHostOption.Parse(h, network))],
        Ulimits = UniqueUlimits((parse.GetValue(options.Ulimit) ?? []).Select(UlimitOption.Parse)),
        ShmSize = parse.GetValue(options.ShmSize) is { } shm ? ShmSize(shm) : null,
        CgroupParent = parse.GetValue(options.CgroupParent) is { Length: > 0 } parent ? CgroupParent(parent) : null,
    };

    /// <summary>As docker's ulimit option: a later value for the same type replaces the earlier one.</summary>
    private static List<RuntimeRlimit> UniqueUlimits(IEnumerable<RuntimeRlimit> limits)
    {
        var unique = new List<RuntimeRlimit>();
        foreach (var limit in limits)
        {
            unique.RemoveAll(u => u.Type == limit.Type);
            unique.Add(limit);
        }
        return unique;
    }

    private static long ShmSize(string text) => RamSize.Parse(text) is { } bytes && bytes > 0
        ? bytes
        : throw new HoistException($"--shm-size: invalid size: '{text}' (a positive size such as 64m or 1g)");

    /// <summary>A cgroup path; <c>..</c> would climb out of the cgroup hierarchy.</summary>
    private static string CgroupParent(string path) => path.Split('/').Contains("..")
        ? throw new HoistException($"--cgroup-parent: \"{path}\" must not contain \"..\"")
        : path;
}
