-- Rotates over misspelled and multilingual queries so the search benchmark is not one cached query.
local queries = {
  "wichter%203", "skyrm", "portl%202", "civilisation", "stardew%20valey", "terraira",
  "counter%20strke", "dark%20souls", "grand%20theft%20auto", "fallot%204", "rocket%20leage",
  "%EC%9C%84%EC%B3%90", "%EB%B0%B0%ED%8B%80%EA%B7%B8%EB%9D%BC%EC%9A%B4%EB%93%9C", "cod", "gta"
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/games?size=24&country=US&q=" .. queries[(i % #queries) + 1])
end
