using ActorMessenger.Gateway.Hosting;

return await MessengerServer.RunAsync(args);
