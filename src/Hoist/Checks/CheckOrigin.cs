namespace Hoist.Checks;

/// <summary>Whose rule a check is: one of BuildKit's build checks (same name, message and line), or Hoist's own.</summary>
public enum CheckOrigin
{
    BuildKit,
    Hoist,
}
