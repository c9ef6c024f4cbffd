namespace Hoist.Dispatch;

/// <summary>A stage of this build, bound by planning: <paramref name="Index"/> is its position among the FROM lines.</summary>
public sealed record StageRef(int Index, string Written) : SourceRef
{
    public override string Text => Written;
}
