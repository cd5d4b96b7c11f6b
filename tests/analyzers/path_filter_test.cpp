#include "analyzers/path_filter.h"

#include <gtest/gtest.h>

namespace nova::analyzers {
namespace {

TEST(GlobMatchTest, StarStaysInOneComponent) {
  EXPECT_TRUE(GlobMatch("*.h", "a.h"));
  EXPECT_FALSE(GlobMatch("*.h", "src/a.h"));
  EXPECT_TRUE(GlobMatch("src/*.cpp", "src/a.cpp"));
  EXPECT_TRUE(GlobMatch("src/?.cpp", "src/a.cpp"));
  EXPECT_FALSE(GlobMatch("src/?.cpp", "src/ab.cpp"));
  EXPECT_TRUE(GlobMatch("gen_[a-c].h", "gen_b.h"));
  EXPECT_FALSE(GlobMatch("gen_[!a-c].h", "gen_b.h"));
}

TEST(GlobMatchTest, DoubleStarCrossesComponents) {
  EXPECT_TRUE(GlobMatch("**/gen_*.h", "gen_x.h"));
  EXPECT_TRUE(GlobMatch("**/gen_*.h", "src/deep/gen_x.h"));
  EXPECT_TRUE(GlobMatch("third_party/**", "third_party/a/b.h"));
  EXPECT_TRUE(GlobMatch("src/**/test/*.cpp", "src/test/a.cpp"));
  EXPECT_TRUE(GlobMatch("src/**/test/*.cpp", "src/x/y/test/a.cpp"));
  EXPECT_FALSE(GlobMatch("src/**/test/*.cpp", "lib/test/a.cpp"));
  EXPECT_TRUE(GlobMatch("./build/", "build"));
}

TEST(PathFilterTest, RootAndExcludes) {
  PathFilter filter("/p", {"third_party", "**/*.pb.h"});
  EXPECT_TRUE(filter.Reportable("/p/src/a.cpp"));
  EXPECT_FALSE(filter.Reportable("/other/a.cpp"));
  EXPECT_FALSE(filter.Reportable("/pother/a.cpp"));
  EXPECT_FALSE(filter.Reportable("/p/third_party/lib/x.h"));
  EXPECT_TRUE(filter.Reportable("/p/src/third_party.h"));
  EXPECT_FALSE(filter.Reportable("/p/src/msg.pb.h"));
}

}  // namespace
}  // namespace nova::analyzers
