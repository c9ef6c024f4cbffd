namespace Hoist.Analysis;

/// <summary>Packages a package database, manifest or binary in this file declares.</summary>
public sealed record PackagesEvidence(IReadOnlyList<SoftwarePackage> Packages) : FileEvidence;
