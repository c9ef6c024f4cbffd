namespace Hoist.Building.Engine;

/// <summary>
/// A timed part of a build, for finding where the time goes (rawjson <c>phase</c> events, <c>--trace FILE</c>):
/// <see cref="Name"/> is one of <see cref="BuildPhases"/>; <see cref="Step"/> the step it served, if any;
/// <see cref="Start"/> a <see cref="System.Diagnostics.Stopwatch"/> timestamp; <see cref="Thread"/> the managed thread
/// that ended it (parallel stages show side by side).
/// </summary>
public sealed record BuildPhase(string Name, BuildStep? Step, long Start, TimeSpan Duration, int Thread);
