namespace Hoist.Dispatch;

/// <summary>
/// A COPY/ADD source that is a here-document, resolved by the dispatcher: the source word as written
/// (<c>&lt;&lt;-"EOF"</c>, which stays in the step's key), the file name it gives (<c>EOF</c>) and its expanded content
/// (null when the Dockerfile gave the word no body).
/// </summary>
public sealed record CopyInlineFile(string Word, string Name, string? Content);
