namespace Hoist.Posix;

/// <summary>Go's <c>strconv.ParseBool</c>, which BuildKit and buildx use for every boolean option: 1, t, T, TRUE, true, True
/// and 0, f, F, FALSE, false, False; anything else is an error.</summary>
public static class GoBool
{
    public static bool TryParse(string? text, out bool value)
    {
        (var ok, value) = text switch
        {
            "1" or "t" or "T" or "TRUE" or "true" or "True" => (true, true),
            "0" or "f" or "F" or "FALSE" or "false" or "False" => (true, false),
            _ => (false, false),
        };
        return ok;
    }
}
