namespace Hoist.Analysis;

/// <summary>What a <see cref="FileInspector"/> learned from a file's content; kept on the file's node so that a later
/// layer deleting or replacing the file drops it too.</summary>
public abstract record FileEvidence;
