namespace Hoist.Analysis;

/// <summary>The distribution /etc/os-release names (its ID and VERSION_ID).</summary>
public sealed record OsReleaseEvidence(string Id, string VersionId, string PrettyName) : FileEvidence;
