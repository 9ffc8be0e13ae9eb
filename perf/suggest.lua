-- Rotates over prefixes as a person types them.
local prefixes = { "w", "wi", "wit", "witc", "sk", "sky", "por", "port", "civ", "sta", "star", "ter", "cou", "dar", "gra", "fal", "roc", "%EC%9C%84", "ha", "hal" }
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/search/suggest?size=8&country=US&q=" .. prefixes[(i % #prefixes) + 1])
end
