using System.Globalization;
using Hoist.Building.Context;
using Hoist.Dispatch;
using Hoist.Execution;
using Hoist.Posix;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>
/// The <c>RUN --mount</c>s of one step made real, with BuildKit's semantics: bind (read-only by default; <c>rw</c>
/// writes to a throw-away copy), cache (a persistent directory per id, see <see cref="CacheMountStore"/>), tmpfs,
/// secret (a file and/or an environment variable, never in the image) and ssh (the agent socket). None of them is part
/// of the step's layer: they are mounts over the snapshot, and the mount points the runtime had to create are removed
/// afterwards (<see cref="MountStubs"/>). Disposing releases views, cache locks and temporary copies.
/// </summary>
internal sealed class RunMountSet : IAsyncDisposable
{
    private readonly List<RuntimeMount> _mounts = [];
    private readonly List<string> _env = [];
    private readonly List<RootView> _views = [];
    private readonly List<IDisposable> _leases = [];
    private readonly List<string> _temporary = [];

    private readonly ScratchSpace _scratch;

    private RunMountSet(ScratchSpace scratch)
    {
        _scratch = scratch;
    }

    public IReadOnlyList<RuntimeMount> Mounts => _mounts;

    /// <summary><c>KEY=value</c> for the process only (secret env=, SSH_AUTH_SOCK); never in the image config.</summary>
    public IReadOnlyList<string> Env => _env;

    public static async Task<RunMountSet> PrepareAsync(RunMountSources sources, IReadOnlyList<MountSpec> mounts,
        CancellationToken cancellationToken)
    {
        var set = new RunMountSet(sources.Scratch);
        try
        {
            foreach (var mount in mounts) await set.AddAsync(sources, mount, cancellationToken).ConfigureAwait(false);
            return set;
        }
        catch
        {
            await set.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task AddAsync(RunMountSources sources, MountSpec mount, CancellationToken cancellationToken)
    {
        switch (mount)
        {
            case BindMountSpec bind:
                await BindAsync(sources, bind, cancellationToken).ConfigureAwait(false);
                break;
            case CacheMountSpec cache:
                await CacheAsync(sources, cache, cancellationToken).ConfigureAwait(false);
                break;
            case TmpfsMountSpec tmpfs:
                List<string> options = ["nosuid"];
                if (tmpfs.Size is > 0) options.Add("size=" + tmpfs.Size.Value.ToString(CultureInfo.InvariantCulture));
                _mounts.Add(new RuntimeMount(tmpfs.Target, "tmpfs", "tmpfs", options));
                break;
            case SecretMountSpec secret:
                Secret(sources.Secrets, secret);
                break;
            case SshMountSpec ssh:
                Ssh(sources.SshAgents, ssh);
                break;
        }
    }

    /// <summary>The root a <c>from</c> names (stage, index, image, named context), or the build context when there is none.</summary>
    private async Task<(string Root, bool IsContext)> FromRootAsync(RunMountSources sources, SourceRef? from,
        CancellationToken cancellationToken)
    {
        if (from is null or ContextRef)
        {
            var context = sources.Sources.ContextOf(from as ContextRef ?? ContextRef.Instance)
                ?? throw new HoistException("RUN --mount: there is no build context to mount from");
            return (context.Directory, true);
        }
        if (from is GitContextRef repository)
        {
            return ((await sources.Sources.CheckoutAsync(repository, cancellationToken).ConfigureAwait(false)).Directory, false);
        }
        var layers = await sources.Sources.LayersAsync(from, cancellationToken).ConfigureAwait(false);
        var view = await sources.Layers.OpenViewAsync(layers, cancellationToken).ConfigureAwait(false);
        _views.Add(view);
        return (view.Path, false);
    }

    private static string SourcePath(string root, string? source, string? from)
    {
        var relative = UnixPath.Clean("/" + (source ?? "")).TrimStart('/');
        var path = relative.Length == 0 ? root : RootfsPath.Resolve(root, relative);
        if (!Path.Exists(path) && Native.LStat(path) is null)
            throw new HoistException($"RUN --mount: source \"{source}\" not found in {from ?? "the build context"}");
        return path;
    }

    private string NewTemporary(string prefix, bool inMemory = false)
    {
        // Secrets stay in memory (BuildKit keeps them on a tmpfs too); everything is under the state directory's scratch
        // space, so a killed build leaves nothing elsewhere and the next one sweeps it.
        var directory = inMemory ? _scratch.NewSecretDirectory() : _scratch.NewDirectory(prefix);
        _temporary.Add(directory);
        return directory;
    }

    private async Task BindAsync(RunMountSources sources, BindMountSpec mount, CancellationToken cancellationToken)
    {
        var (root, isContext) = await FromRootAsync(sources, mount.From, cancellationToken).ConfigureAwait(false);
        var source = SourcePath(root, mount.Source, mount.From?.Text);
        var ignore = isContext ? sources.Sources.ContextOf(mount.From as ContextRef ?? ContextRef.Instance)!.Ignore : PathPatternSet.Empty;
        var relative = Path.GetRelativePath(root, source);
        if (isContext && relative != "." && ignore.Matches(relative.Replace('\\', '/')))
            throw new HoistException($"RUN --mount: source \"{mount.Source}\" is excluded by .dockerignore");
        if (mount.ReadWrite || (isContext && !ignore.IsEmpty && Directory.Exists(source)))
        {
            // Writes go to a copy that is thrown away after the step; the context's ignored files are left out of it.
            var copy = Path.Combine(NewTemporary("bind-"), "root");
            await Task.Run(() =>
            {
                TreeCopy.Copy(source, copy);
                if (isContext && Directory.Exists(copy)) TreeCopy.RemoveIgnored(copy, ignore, relative == "." ? "" : relative.Replace('\\', '/'));
            }, cancellationToken).ConfigureAwait(false);
            source = copy;
        }
        _mounts.Add(new RuntimeMount(mount.Target, "bind", source, mount.ReadWrite ? ["rbind"] : ["rbind", "ro"]));
    }

    /// <summary>The cache directories (keys) a RUN's cache mounts use, without preparing anything.</summary>
    public static IEnumerable<string> CacheKeys(IReadOnlyList<MountSpec> mounts) => mounts.OfType<CacheMountSpec>().Select(CacheKey);

    private static string CacheKey(CacheMountSpec mount) =>
        CacheMountStore.Key(mount.Id, mount.FromWritten, mount.FromWritten is null ? null : mount.Source);

    private async Task CacheAsync(RunMountSources sources, CacheMountSpec mount, CancellationToken cancellationToken)
    {
        var caches = sources.Caches;
        var key = CacheKey(mount);
        Action<string>? seed = null;
        if (mount.From is { } from)
        {
            var (root, _) = await FromRootAsync(sources, from, cancellationToken).ConfigureAwait(false);
            var source = SourcePath(root, mount.Source, from.Text);
            seed = directory =>
            {
                Directory.Delete(directory);
                TreeCopy.Copy(source, directory);
            };
        }
        var lease = await caches.AcquireAsync(key, mount.Sharing, mount.Mode, mount.Uid, mount.Gid, seed, cancellationToken).ConfigureAwait(false);
        _leases.Add(lease);
        _mounts.Add(new RuntimeMount(mount.Target, "bind", lease.Directory, mount.ReadWrite ? ["rbind"] : ["rbind", "ro"]));
    }

    private void Secret(IReadOnlyList<BuildSecret> secrets, SecretMountSpec mount)
    {
        var secret = secrets.LastOrDefault(s => s.Id == mount.Id);
        if (secret is null)
        {
            if (mount.Required)
                throw new HoistException($"secret {mount.Id}: not found (required; give it with hoist build --secret id={mount.Id},src=PATH)");
            return; // BuildKit skips a secret mount that is not required and not given
        }
        var value = secret.ReadValue();
        if (mount.Target is not null)
        {
            var file = Path.Combine(NewTemporary("secret-", inMemory: true), "secret");
            File.WriteAllBytes(file, value);
            Native.LChown(file, (uint)mount.Uid, (uint)mount.Gid);
            Native.SetMode(file, (UnixFileMode)mount.Mode);
            _mounts.Add(new RuntimeMount(mount.Target, "bind", file, ["rbind", "ro"]));
        }
        if (mount.Env is { Length: > 0 } name) _env.Add($"{name}={System.Text.Encoding.UTF8.GetString(value)}");
    }

    private void Ssh(IReadOnlyList<SshAgentSocket> agents, SshMountSpec mount)
    {
        var agent = agents.LastOrDefault(a => a.Id == mount.Id);
        if (agent is null)
        {
            if (mount.Required)
                throw new HoistException($"ssh {mount.Id}: required but not provided (hoist build --ssh {mount.Id}=SOCKET)");
            return;
        }
        var target = mount.Target;
        _mounts.Add(new RuntimeMount(target, "bind", agent.SocketPath, ["rbind"]));
        if (!_env.Exists(e => e.StartsWith("SSH_AUTH_SOCK=", StringComparison.Ordinal))) _env.Add("SSH_AUTH_SOCK=" + target);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lease in _leases) lease.Dispose();
        foreach (var view in _views) await view.DisposeAsync().ConfigureAwait(false);
        foreach (var directory in _temporary)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
