namespace Hoist.Analysis;

/// <summary>The kinds of attack-surface finding; <see cref="FindingKinds"/> has their command-line names.</summary>
public enum FindingKind
{
    Shell,
    PackageManager,
    Compiler,
    Setuid,
    Setgid,
    WorldWritable,
    PrivateKey,
    Credential,
    Root,
}
