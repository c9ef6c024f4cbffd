namespace Hoist.Analysis;

/// <summary>The file looks like a private key or holds credentials.</summary>
public sealed record SecretEvidence(FindingKind Kind, string Detail) : FileEvidence;
