namespace Fleet.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>Polls until the condition holds; fails with the message after the timeout.</summary>
    public static async Task True(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (await condition())
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {because}");
            }
            await Task.Delay(50);
        }
    }

    public static async Task<T> Value<T>(Func<Task<T?>> probe, string because, TimeSpan? timeout = null)
        where T : class
    {
        T? value = null;
        await True(async () => (value = await probe()) is not null, because, timeout);
        return value!;
    }
}
