namespace Hoist.Planning;

/// <summary>Where an ARG's value came from.</summary>
public enum ArgValueSource
{
    /// <summary>No build arg, no default, nothing inherited: the variable stays unset.</summary>
    Unset,

    /// <summary>The default written in the ARG line.</summary>
    Default,

    /// <summary>A <c>--build-arg</c>.</summary>
    BuildArg,

    /// <summary><c>ARG NAME</c> without default inside a stage, taking the global (pre-FROM or predefined) value.</summary>
    Global,
}
