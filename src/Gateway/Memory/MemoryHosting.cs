using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fleet.Gateway.Memory;

public static class MemoryHosting
{
    public static WebApplicationBuilder AddMemoryTrim(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MemoryTrimOptions>()
            .BindConfiguration(MemoryTrimOptions.Section)
            .Validate(o => o.MinConnectionChange > 0 && o.QuietPeriod >= TimeSpan.Zero && o.CheckInterval > TimeSpan.Zero,
                "MinConnectionChange and CheckInterval must be positive, QuietPeriod not negative")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<MemoryTrim>();
        return builder;
    }
}
