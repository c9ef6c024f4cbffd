using System.Globalization;
using Hoist.Building.Cache;
using Hoist.Building.Context;
using Hoist.Building.Copy;
using Hoist.Dockerfile.Instructions;
using Hoist.Planning;

namespace Hoist.Building.Engine;

/// <summary>
/// The <see cref="RunKeyInputs.Mounts"/> of a RUN: each mount's expanded options, then the key of what it exposes —
/// a <c>from=</c> stage's filesystem key or an image's manifest digest, for a bind of the context the digest of the
/// files it selects (.dockerignore applied). Cache mount contents, secret values and ssh sockets never count, as in
/// BuildKit: a changed secret does not invalidate a step, and a cache mount is shared mutable state.
/// </summary>
internal static class RunMountKeys
{
    /// <summary>One string per mount, or null when a context bind's content cannot be hashed (the RUN then runs).</summary>
    public static async Task<IReadOnlyList<string>?> ComputeAsync(BuildSession session, PlannedStage stage, IReadOnlyList<RunMount> mounts,
        string workingDirectory, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        foreach (var mount in mounts)
        {
            var text = Canonical(mount, workingDirectory);
            if (mount.Type is MountType.Bind or MountType.Cache)
            {
                if (mount.From is { Length: > 0 } from)
                {
                    text += " " + await FromKeyAsync(session, stage, from, cancellationToken).ConfigureAwait(false);
                }
                else if (mount.Type == MountType.Bind)
                {
                    var source = UnixPath.Clean("/" + (mount.Source ?? "")).TrimStart('/');
                    var request = new CopyRequest { Sources = [source.Length == 0 ? "." : source], Destination = "/mount/" };
                    var content = await CopySourceDigest.ComputeAsync(session.Context, session.Context?.Directory, request,
                        session.Cache.FileHashes, cancellationToken).ConfigureAwait(false);
                    if (content is null) return null;
                    text += " context " + content;
                }
            }
            keys.Add(text);
        }
        return keys;
    }

    private static async Task<string> FromKeyAsync(BuildSession session, PlannedStage stage, string from, CancellationToken cancellationToken)
    {
        if (session.CopyFromStage(stage, from) is { } dependency)
        {
            await session.StageResult(dependency.StageIndex).ConfigureAwait(false);
            return "stage " + session.Cache.Stage(dependency.StageIndex).Filesystem;
        }
        var image = await session.ResolveImageAsync(from, stage.Platform, cancellationToken).ConfigureAwait(false);
        return "image " + image.Manifest.Digest;
    }

    /// <summary>The expanded options that change what the RUN sees (never a secret's value).</summary>
    internal static string Canonical(RunMount mount, string workingDirectory)
    {
        static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
        var target = mount.Target is null ? "" : RunMountSet.Target(mount.Target, workingDirectory);
        return $"type={mount.Type} target={target} source={mount.Source} from={mount.From} rw={mount.ReadWrite} id={mount.Id} "
            + $"sharing={mount.Sharing} mode={mount.Mode} uid={Number(mount.Uid)} gid={Number(mount.Gid)} required={mount.Required} "
            + $"size={Number(mount.Size)} env={mount.Env}";
    }
}
