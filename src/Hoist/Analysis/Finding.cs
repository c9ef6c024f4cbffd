namespace Hoist.Analysis;

/// <summary>One attack-surface finding: what (<paramref name="Detail"/>, e.g. <c>gcc 12</c> or <c>mode 4755</c>) and
/// where (<paramref name="Path"/>; empty for the user the image runs as).</summary>
public sealed record Finding(FindingKind Kind, string Path, string Detail)
{
    public override string ToString() => Path.Length == 0 ? $"{FindingKinds.NameOf(Kind)}: {Detail}" : $"{FindingKinds.NameOf(Kind)} {Path} ({Detail})";
}
