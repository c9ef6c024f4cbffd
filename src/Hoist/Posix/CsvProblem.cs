namespace Hoist.Posix;

/// <summary>Why a CSV record could not be read.</summary>
public enum CsvProblem
{
    /// <summary>A quoted field has no closing quote.</summary>
    UnclosedQuote,

    /// <summary>Something other than a comma follows a closing quote.</summary>
    TextAfterQuote,

    /// <summary>A quote inside an unquoted field.</summary>
    BareQuote,
}
