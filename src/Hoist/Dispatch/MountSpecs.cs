using Hoist.Dockerfile.Instructions;
using Hoist.Posix;

namespace Hoist.Dispatch;

/// <summary>
/// Turns a RUN's parsed <c>--mount</c>s into <see cref="MountSpec"/>s, with BuildKit's rules: a relative target is
/// relative to the WORKDIR, a mode is octal text with a per-type default, the n-th ssh mount without a target is
/// <c>/run/buildkit/ssh_agent.n</c>.
/// </summary>
public static class MountSpecs
{
    private const int CacheDefaultMode = 0b111_101_101;
    private const int SecretDefaultMode = 0b100_000_000;

    /// <param name="bind">binds a non-empty <c>from=</c> to the stage or image it names.</param>
    public static IReadOnlyList<MountSpec> Resolve(IReadOnlyList<RunMount> mounts, string workingDirectory, Func<string, SourceRef> bind)
    {
        var specs = new List<MountSpec>(mounts.Count);
        var ssh = 0;
        foreach (var mount in mounts)
        {
            var from = string.IsNullOrEmpty(mount.From) ? null : bind(mount.From);
            var keyText = KeyText(mount, workingDirectory);
            var sshIndex = mount.Type == MountType.Ssh ? ssh++ : 0;
            specs.Add(mount.Type switch
            {
                MountType.Bind => new BindMountSpec
                {
                    KeyText = keyText, Target = Target(mount.Target!, workingDirectory), Source = mount.Source, From = from,
                    ReadWrite = mount.ReadWrite,
                },
                MountType.Cache => Cache(mount, from, keyText, workingDirectory),
                MountType.Tmpfs => new TmpfsMountSpec { KeyText = keyText, Target = Target(mount.Target!, workingDirectory), Size = mount.Size },
                MountType.Secret => new SecretMountSpec
                {
                    KeyText = keyText, Id = mount.Id, Target = mount.Target is null ? null : Target(mount.Target, workingDirectory),
                    Env = mount.Env, Required = mount.Required, Mode = Mode(mount.Mode, SecretDefaultMode),
                    Uid = (int)(mount.Uid ?? 0), Gid = (int)(mount.Gid ?? 0),
                },
                _ => new SshMountSpec
                {
                    KeyText = keyText, Id = mount.Id, Required = mount.Required,
                    Target = Target(mount.Target ?? $"/run/buildkit/ssh_agent.{sshIndex}", workingDirectory),
                },
            });
        }
        return specs;
    }

    /// <summary>A relative target is relative to the WORKDIR, as in BuildKit.</summary>
    public static string Target(string target, string workingDirectory) =>
        UnixPath.Clean(target.StartsWith('/') ? target : UnixPath.Join(workingDirectory, target));

    /// <summary>The file mode a mount asks for (octal text, checked by the parser), or the default.</summary>
    public static int Mode(string? mode, int fallback) => mode is null ? fallback : Convert.ToInt32(mode, 8);

    private static CacheMountSpec Cache(RunMount mount, SourceRef? from, string keyText, string workingDirectory)
    {
        var target = Target(mount.Target!, workingDirectory);
        return new CacheMountSpec
        {
            KeyText = keyText, Target = target, Id = mount.Id ?? target, Mode = Mode(mount.Mode, CacheDefaultMode),
            Uid = (int)(mount.Uid ?? 0), Gid = (int)(mount.Gid ?? 0), ReadWrite = mount.ReadWrite, From = from,
            FromWritten = mount.From, Source = mount.Source,
            Sharing = mount.Sharing switch
            {
                CacheSharing.Private => CacheMountSharing.Private,
                CacheSharing.Locked => CacheMountSharing.Locked,
                _ => CacheMountSharing.Shared,
            },
        };
    }

    private static string KeyText(RunMount mount, string workingDirectory) =>
        string.Join(" ", $"type={mount.Type}", $"target={mount.Target}", $"source={mount.Source}", $"from={mount.From}",
            $"rw={mount.ReadWrite}", $"id={mount.Id}", $"sharing={mount.Sharing}", $"mode={mount.Mode}", $"uid={mount.Uid}",
            $"gid={mount.Gid}", $"required={mount.Required}", $"size={mount.Size}", $"env={mount.Env}", $"workdir={workingDirectory}");
}
