using ActorMessenger.Gateway.Hosting;

var app = MessengerServer.Build(args);
await app.RunAsync();
