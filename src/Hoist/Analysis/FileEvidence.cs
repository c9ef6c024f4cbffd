using System.Text.Json.Serialization;

namespace Hoist.Analysis;

/// <summary>What a <see cref="FileInspector"/> learned from a file's content; kept on the file's node so that a later
/// layer deleting or replacing the file drops it too.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(PackagesEvidence), "packages")]
[JsonDerivedType(typeof(OsReleaseEvidence), "os-release")]
[JsonDerivedType(typeof(SecretEvidence), "secret")]
public abstract record FileEvidence;
