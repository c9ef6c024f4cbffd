using Hoist.Oci;

namespace Hoist.Dispatch;

/// <summary>
/// Cache keys with BuildKit's semantics. A stage keeps two running keys: the filesystem key (FROM, then every step
/// that writes a layer: RUN, COPY, ADD, WORKDIR) and the chain key (every step, config-only ones too). A layer step's
/// key is its parent filesystem key plus exactly what the step sees, so a LABEL or an ARG a COPY does not use never
/// invalidates that COPY, while a RUN sees every build arg in scope through its environment (as BuildKit's does).
/// A config step's key is the chain key plus its expanded text: a hit only restores its history timestamp, so a
/// fully cached build reproduces the image byte for byte.
/// </summary>
public static class StepKeys
{
    /// <summary>FROM an image (or scratch: no layers): platform, layers (blob and diffID) and config digest, so a
    /// different base image misses everything, as in BuildKit where the image digest is the source's key.</summary>
    public static Digest BaseImage(Platform platform, IReadOnlyList<ImageLayer> layers, Digest config)
    {
        using var key = new CacheKeyBuilder("from");
        key.Add("platform", platform.ToString()).Add("config", config);
        key.Add("layers", layers.Select(l => $"{l.Blob.MediaType} {l.Blob.Digest} {l.DiffId}"));
        return key.Finish();
    }

    /// <summary>A stage's starting filesystem key under SOURCE_DATE_EPOCH: every step after it writes the epoch (or
    /// clamps to it), so a build with another epoch, or with rewriting off, must not reuse its layers.</summary>
    public static Digest Timestamps(Digest filesystem, long epoch, bool rewrite)
    {
        using var key = new CacheKeyBuilder("source-date-epoch");
        return key.Add("fs", filesystem).Add("epoch", epoch.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add("rewrite", rewrite ? "1" : "0").Finish();
    }

    /// <summary>The chain key a stage starts with: its starting filesystem and config (image config digest).</summary>
    public static Digest StartChain(Digest filesystem, Digest config)
    {
        using var key = new CacheKeyBuilder("start");
        return key.Add("fs", filesystem).Add("config", config).Finish();
    }

    public static Digest Config(Digest chain, string original, string createdBy)
    {
        using var key = new CacheKeyBuilder("config");
        return key.Add("chain", chain).Add("original", original).Add("created-by", createdBy).Finish();
    }

    /// <summary>The chain key after a layer step.</summary>
    public static Digest Chain(Digest chain, Digest step)
    {
        using var key = new CacheKeyBuilder("chain");
        return key.Add("chain", chain).Add("step", step).Finish();
    }

    /// <summary>WORKDIR creates missing directories owned by the current USER.</summary>
    public static Digest Workdir(Digest filesystem, string path, string? user)
    {
        using var key = new CacheKeyBuilder("workdir");
        return key.Add("fs", filesystem).Add("path", path).Add("user", user).Finish();
    }

    public static Digest Run(Digest filesystem, RunKeyInputs run)
    {
        using var key = new CacheKeyBuilder("run");
        key.Add("fs", filesystem).Add("args", run.Args).Add("files", run.Files).Add("env", run.Environment)
            .Add("workdir", run.WorkingDirectory).Add("user", run.User).Add("network", run.Network).Add("security", run.Security)
            .Add("mounts", run.Mounts);
        // Only when set, so the keys of builds without these flags stay what they were.
        if (run.Sandbox.Length > 0) key.Add("sandbox", run.Sandbox);
        return key.Finish();
    }

    /// <summary>
    /// COPY/ADD: the expanded request (sources, destination, WORKDIR, flags), where it reads from (<c>context</c>, a
    /// stage's filesystem key, an image's manifest digest) and, for the context, the digest of the selected content
    /// (<see cref="CopySourceDigest"/>; heredoc contents are part of it).
    /// </summary>
    public static Digest Copy(Digest filesystem, CopyRequest request, string source, Digest? content)
    {
        using var key = new CacheKeyBuilder(request.IsAdd ? "add" : "copy");
        key.Add("fs", filesystem).Add("source", source).Add("content", content?.ToString())
            .Add("sources", request.Sources).Add("destination", request.Destination).Add("workdir", request.WorkingDirectory)
            .Add("chown", request.Chown).Add("chmod", request.Chmod).Add("excludes", request.Excludes)
            .Add("parents", request.Parents ? "1" : "0").Add("unpack", request.Unpack?.ToString()).Add("checksum", request.Checksum)
            .Add("keep-git-dir", request.KeepGitDir?.ToString());
        return key.Finish();
    }

    /// <summary>The filesystem key after a step that cannot be cached: derived from what it produced, so the steps
    /// after it still hit when it produced the same layer.</summary>
    public static Digest Produced(Digest filesystem, Digest diffId)
    {
        using var key = new CacheKeyBuilder("produced");
        return key.Add("fs", filesystem).Add("diff-id", diffId).Finish();
    }
}
