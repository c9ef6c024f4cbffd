using Hoist.Oci;

namespace Hoist.Checks;

/// <summary>
/// The errors of a <c>FROM --platform=EXPR</c> that expands to nothing or to no platform, worded as BuildKit words them
/// (dockerfile2llb): containerd's parse error, and a "did you mean" for an undefined variable within two edits of a
/// global ARG (<c>$BULIDPLATFORM</c> → BUILDPLATFORM). Shared by the checks and by planning, which fail alike.
/// </summary>
public static class FromPlatformError
{
    public static string Empty(string expression, IEnumerable<string> unmatched, IEnumerable<string> globalArgs) =>
        $"empty platform value from expression {expression}" + Suggestion(unmatched, globalArgs);

    public static string Unparsable(string expression, string expanded, IEnumerable<string> unmatched, IEnumerable<string> globalArgs) =>
        $"failed to parse platform {expression}: {Platform.ContainerdParseError(expanded)}" + Suggestion(unmatched, globalArgs);

    /// <summary>BuildKit's wrapSuggestAny: the first undefined name with a close global ARG (names in order here; Go's map order is random).</summary>
    private static string Suggestion(IEnumerable<string> unmatched, IEnumerable<string> globalArgs)
    {
        var options = globalArgs.ToList();
        foreach (var name in unmatched.Order(StringComparer.Ordinal))
        {
            if (NameSuggestion.Closest(name, options) is { } match) return $" (did you mean {match}?)";
        }
        return "";
    }
}
