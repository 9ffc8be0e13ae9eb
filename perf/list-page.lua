-- Rotates over list pages with filters and sorts, as people browse.
local paths = {
  "/api/v1/games?page=1&size=24&sort=rating_desc&country=US",
  "/api/v1/games?page=2&size=24&sort=release_desc&country=KR",
  "/api/v1/games?page=1&size=24&genre=Action&sort=price_asc&country=DE",
  "/api/v1/games?page=3&size=24&tag=Indie&platform=linux&country=JP",
  "/api/v1/games?page=1&size=24&status=released&onSale=true&country=GB",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
