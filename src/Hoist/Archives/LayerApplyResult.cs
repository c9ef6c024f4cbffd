namespace Hoist.Archives;

public sealed record LayerApplyResult(int Entries, int Whiteouts, int SkippedDevices, int XattrsNotApplied);
