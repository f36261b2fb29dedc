@echo off
rem Starts ActorMessenger: in a release archive the bundled server (its runtime included, nothing to
rem install); in the repository it builds the server first (needs the .NET 10 SDK). Arguments go to the server:
rem   start.cmd                      http://127.0.0.1:5000, data in .\data
rem   start.cmd --host 0.0.0.0       open to the LAN
rem   start.cmd --port 8080 --data-dir D:\messenger
rem   start.cmd --restore data\backups\messenger_backup_20261201_030000.zip
rem                                  checks the backup, moves the current data to data\replaced_*,
rem                                  then starts on the restored data (a bad backup: exit code 2, nothing changed)
rem   start.cmd --no-browser         do not open the admin panel in the browser
rem   start.cmd --help               every option and setting
rem   start.cmd --install-service [server options]   (as Administrator, from a release archive) a Windows
rem                                  service "ActorMessenger" that starts with the machine and restarts on
rem                                  failure: server in %ProgramFiles%\ActorMessenger, data in
rem                                  %ProgramData%\ActorMessenger, runs as LOCAL SERVICE
rem   start.cmd --uninstall-service  stops and removes it (keeps the data)
rem The server prints the admin panel's and the messenger's addresses and opens the panel in the
rem default browser (as "start URL" would), not in CI, not over SSH, not with --no-browser.
rem A restart asked from the admin panel ends the server with exit code 75: this script starts it
rem again (without --restore and without opening the browser again). Ctrl+C stops it gracefully.
rem ACTORMESSENGER_DLL=path\ActorMessenger.Gateway.dll runs that build instead of building.
setlocal EnableExtensions
set "here=%~dp0"
set "service=ActorMessenger"
if /i "%~1"=="--install-service" goto install
if /i "%~1"=="--uninstall-service" goto uninstall
if defined ACTORMESSENGER_DLL goto ready
if exist "%here%server\ActorMessenger.Gateway.exe" goto ready
where dotnet >nul 2>nul || (echo The .NET 10 SDK is needed to build from source: https://dotnet.microsoft.com/download - a release archive needs nothing. & exit /b 1)
dotnet build "%here%Gateway\ActorMessenger.Gateway.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly || exit /b 1
:ready
if /i "%~1"=="--help" (call :server %* & exit /b)
if /i "%~1"=="--version" (call :server %* & exit /b)
set "ACTORMESSENGER_SUPERVISED=1"
rem The command line of a restart: the backup is in place already, restoring it again would throw
rem away what was written since.
set "kept="
:drop
if "%~1"=="" goto dropped
if /i "%~1"=="--restore" (
  shift
  shift
  goto drop
)
set "kept=%kept% %1"
shift
goto drop
:dropped
call :server --open-browser %*
:next
set "code=%ERRORLEVEL%"
if not "%code%"=="75" exit /b %code%
echo start.cmd: the server stopped for a restart (exit code 75); starting it again.
call :server --no-browser %kept%
goto next

:server
if defined ACTORMESSENGER_DLL (
  dotnet "%ACTORMESSENGER_DLL%" %*
) else if exist "%here%server\ActorMessenger.Gateway.exe" (
  "%here%server\ActorMessenger.Gateway.exe" %*
) else (
  dotnet "%here%Gateway\bin\Release\net10.0\ActorMessenger.Gateway.dll" %*
)
exit /b %ERRORLEVEL%

:install
net session >nul 2>&1 || (echo --install-service needs a Command Prompt opened as Administrator. & exit /b 1)
if not exist "%here%server\ActorMessenger.Gateway.exe" (echo --install-service needs a release archive: server\ActorMessenger.Gateway.exe is not here. & exit /b 1)
set "prefix=%ProgramFiles%\ActorMessenger"
set "data=%ProgramData%\ActorMessenger"
set "rest="
shift
:collect
if "%~1"=="" goto collected
set "rest=%rest% %1"
shift
goto collect
:collected
sc.exe stop %service% >nul 2>&1
sc.exe delete %service% >nul 2>&1
robocopy "%here%server" "%prefix%\server" /MIR /NFL /NDL /NJH /NJS /NP >nul
if errorlevel 8 (echo Copying the server to %prefix% failed. & exit /b 1)
copy /y "%here%README.md" "%prefix%\" >nul
if not exist "%data%" mkdir "%data%"
rem Only LOCAL SERVICE (S-1-5-19), SYSTEM and Administrators may read the data.
icacls "%data%" /inheritance:r /grant:r "*S-1-5-19:(OI)(CI)M" "*S-1-5-18:(OI)(CI)F" "*S-1-5-32-544:(OI)(CI)F" >nul || exit /b 1
sc.exe create %service% binPath= "\"%prefix%\server\ActorMessenger.Gateway.exe\" --data-dir \"%data%\" --no-browser%rest%" start= delayed-auto obj= "NT AUTHORITY\LocalService" DisplayName= "ActorMessenger" >nul || exit /b 1
sc.exe description %service% "ActorMessenger, a messenger server for the local network" >nul
rem Restarted when it fails or asks for a restart (exit code 75): failureflag 1 counts a stop with a
rem non-zero exit code as a failure.
sc.exe failure %service% reset= 86400 actions= restart/3000/restart/3000/restart/10000 >nul
sc.exe failureflag %service% 1 >nul
reg add "HKLM\SYSTEM\CurrentControlSet\Services\%service%" /v Environment /t REG_MULTI_SZ /d "ACTORMESSENGER_SUPERVISED=1" /f >nul
sc.exe start %service% >nul || exit /b 1
echo Installed and started the Windows service %service% (server: %prefix%, data: %data%).
echo Its warnings and errors go to the Windows event log (Application); sc.exe query %service% shows its state.
exit /b 0

:uninstall
net session >nul 2>&1 || (echo --uninstall-service needs a Command Prompt opened as Administrator. & exit /b 1)
sc.exe stop %service% >nul 2>&1
sc.exe delete %service% >nul 2>&1
rmdir /s /q "%ProgramFiles%\ActorMessenger" 2>nul
echo Removed the service %service%. The data is kept in %ProgramData%\ActorMessenger.
exit /b 0
