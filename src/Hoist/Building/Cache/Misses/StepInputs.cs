using Hoist.Building.Copy;
using Hoist.Dispatch;
using Hoist.Oci;

namespace Hoist.Building.Cache.Misses;

/// <summary>
/// A step's <see cref="StepRecord"/>: the inputs its key (<see cref="StepKeys"/>) reads, each under the name a miss
/// gives it. A RUN's environment entries are <c>env NAME</c> when the image config sets that very value, else
/// <c>build arg NAME</c>; a COPY's expanded request is split into sources, destination and options.
/// </summary>
public static class StepInputs
{
    /// <param name="sources">Fingerprints of the <c>--from</c> stages and images the key read, by label (<c>stage build</c>).</param>
    /// <param name="files">The entries of the context files the key read.</param>
    public static StepRecord Describe(LayerStep step, Digest key, Digest parent, string @base, IReadOnlyDictionary<string, string> sources,
        IReadOnlyCollection<CopyEntryFingerprint> files)
    {
        var inputs = new Dictionary<string, string>(sources, StringComparer.Ordinal);
        switch (step)
        {
            case RunStep run:
                AddRun(inputs, run);
                break;
            case CopyStep copy:
                AddCopy(inputs, copy.Request);
                break;
            case WorkdirStep workdir:
                inputs["WORKDIR"] = ValueFingerprint.Of(workdir.Path);
                inputs["USER"] = ValueFingerprint.Of(workdir.Config.User ?? "");
                break;
        }
        return new StepRecord
        {
            Key = key,
            Parent = parent,
            Base = @base,
            Instruction = ValueFingerprint.Of(step.Text),
            Inputs = inputs,
            Files = files.Count == 0 ? null : FileSummary.From(files),
        };
    }

    private static void AddRun(Dictionary<string, string> inputs, RunStep run)
    {
        var imageEnv = new HashSet<string>(run.Config.Env ?? [], StringComparer.Ordinal);
        foreach (var entry in run.Environment)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? entry : entry[..equals];
            inputs[(imageEnv.Contains(entry) ? "env " : "build arg ") + name] = ValueFingerprint.Of(equals < 0 ? "" : entry[(equals + 1)..]);
        }
        inputs["SHELL"] = ValueFingerprint.Of(run.Config.Shell ?? []);
        inputs["WORKDIR"] = ValueFingerprint.Of(run.WorkingDirectory);
        inputs["USER"] = ValueFingerprint.Of(run.Config.User ?? "");
        inputs["--network"] = ValueFingerprint.Of(run.Network.ToString());
        if (run.Security is { } security) inputs["--security"] = ValueFingerprint.Of(security);
        if (run.Command.Files.Count > 0) inputs["heredoc"] = ValueFingerprint.Of(run.Command.Files.Select(f => $"{f.ContainerPath} {(int)f.Mode} {f.Content}"));
        if (run.Mounts.Count > 0) inputs["--mount"] = ValueFingerprint.Of(run.Mounts.Select(m => m.KeyText));
    }

    private static void AddCopy(Dictionary<string, string> inputs, CopyRequest request)
    {
        inputs["sources"] = ValueFingerprint.Of(request.Sources);
        inputs["destination"] = ValueFingerprint.Of([request.Destination, request.WorkingDirectory]);
        inputs["options"] = ValueFingerprint.Of([request.Chown ?? "", request.Chmod ?? "", string.Join(',', request.Excludes),
            request.Parents ? "parents" : "", request.Unpack?.ToString() ?? "", request.Checksum ?? "", request.KeepGitDir?.ToString() ?? ""]);
    }
}
