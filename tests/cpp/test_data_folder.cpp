// tests/cpp/test_data_folder.cpp — the ImageFolder loader and load_dataset's choice of reader.
#include <gtest/gtest.h>

#include <functional>

#include "data/image_folder.h"
#include "data/load.h"
#include "test_data_fixtures.h"

namespace cnnlab {
namespace {

using testing::Bytes;
using testing::error_of;

Bytes flat_png(uint8_t v) { return testing::encode_png(6, 4, 1, Bytes(24, v)); }

TEST(DataImageFolder, ReadsClassesAndFilesSortedAndRefusesBadFiles) {
  testing::TempDir d;
  d.write("set/bees/b2.gif", testing::encode_gif(2, 2, Bytes(12, 90), Bytes{0, 0, 0, 0}));
  d.write("set/bees/b1.bmp", testing::encode_bmp(3, 3, 3, Bytes(27, 60)));
  d.write("set/bees/broken.jpg", testing::text_bytes("this is text, not a photo"));
  d.write("set/bees/empty.png", {});
  d.write("set/ants/a2.JPG", testing::encode_jpg(8, 8, 1, Bytes(64, 200), 100));
  d.write("set/ants/a1.png", flat_png(10));
  d.write("set/ants/.hidden.png", flat_png(255));
  d.write("set/ants/notes.txt", testing::text_bytes("ants are insects"));
  d.write("set/ants/nested/deeper.png", flat_png(255));
  d.write("set/.thumbnails/x.png", flat_png(255));
  d.write("set/README.md", testing::text_bytes("# my data"));

  std::vector<Refusal> refusals;
  const Dataset ds = load_image_folder((d.path() / "set").string(), 1, 4, 4, &refusals);
  EXPECT_EQ(ds.classes, (std::vector<std::string>{"ants", "bees"}));
  ASSERT_EQ(ds.labels, (std::vector<int>{0, 0, 1, 1}));
  ASSERT_EQ(ds.pixels.size(), 4u * 16u);
  EXPECT_EQ(ds.pixels[0], 10);               // a1.png before a2.JPG
  EXPECT_NEAR(ds.pixels[16], 200, 2);        // the JPEG, upper-case extension
  EXPECT_EQ(ds.pixels[32], 60);              // b1.bmp before b2.gif
  EXPECT_EQ(ds.pixels[48], 90);
  ASSERT_EQ(refusals.size(), 3u);
  EXPECT_NE(refusals[0].file.find("notes.txt"), std::string::npos);
  EXPECT_EQ(refusals[0].reason, "not a .jpg/.jpeg/.png/.bmp/.gif file");
  EXPECT_NE(refusals[1].file.find("broken.jpg"), std::string::npos);
  EXPECT_EQ(refusals[1].reason, "not a JPEG/PNG/BMP/GIF image");
  EXPECT_NE(refusals[2].file.find("empty.png"), std::string::npos);
  EXPECT_EQ(refusals[2].reason, "the file is empty");
  // Refusals are optional.
  EXPECT_EQ(load_image_folder((d.path() / "set").string(), 3, 4, 4, nullptr).size(), 4u);
}

TEST(DataImageFolder, EmptyClassFolderIsAnError) {
  testing::TempDir d;
  d.write("set/ants/a.png", flat_png(1));
  std::filesystem::create_directories(d.path() / "set" / "bees");
  EXPECT_EQ(error_of([&] { load_image_folder((d.path() / "set").string(), 1, 4, 4, nullptr); }).rfind("class 'bees' has no usable images", 0), 0u);
  // A class whose every file is refused has no usable images either; the refusals say why.
  d.write("set/bees/bad.png", testing::text_bytes("nope"));
  std::vector<Refusal> refusals;
  const std::string e = error_of([&] { load_image_folder((d.path() / "set").string(), 1, 4, 4, &refusals); });
  EXPECT_EQ(e.rfind("class 'bees' has no usable images", 0), 0u) << e;
  EXPECT_EQ(refusals.size(), 1u);
}

TEST(DataImageFolder, OneClassOnlyIsAnError) {
  testing::TempDir d;
  d.write("set/ants/a.png", flat_png(1));
  const std::string e = error_of([&] { load_image_folder((d.path() / "set").string(), 1, 4, 4, nullptr); });
  EXPECT_NE(e.find("only one class ('ants')"), std::string::npos) << e;
}

TEST(DataImageFolder, NoClassFoldersOrNoFolderAtAll) {
  testing::TempDir d;
  d.write("flat/a.png", flat_png(1));
  d.write("flat/b.png", flat_png(2));
  EXPECT_NE(error_of([&] { load_image_folder((d.path() / "flat").string(), 1, 4, 4, nullptr); }).find("has no class folders"), std::string::npos);
  EXPECT_NE(error_of([&] { load_image_folder((d.path() / "missing").string(), 1, 4, 4, nullptr); }).find("does not exist"), std::string::npos);
  EXPECT_NE(error_of([&] { load_image_folder((d.path() / "flat" / "a.png").string(), 1, 4, 4, nullptr); }).find("is not a folder"), std::string::npos);
}

TEST(DataLoad, PicksTheSplitSubFolderOfAnImageFolder) {
  testing::TempDir d;
  for (const char* split : {"train", "val"})
    for (const char* cls : {"ants", "bees"})
      d.write(std::string("hymenoptera/") + split + "/" + cls + "/x.png", flat_png(std::string(split) == "train" ? 50 : 150));
  const std::string root = (d.path() / "hymenoptera").string();
  const Dataset train = load_dataset(root, 1, 4, 4, "train");
  const Dataset val = load_dataset(root, 1, 4, 4, "val");
  EXPECT_EQ(train.classes, (std::vector<std::string>{"ants", "bees"}));
  EXPECT_EQ(train.pixels[0], 50);
  EXPECT_EQ(val.pixels[0], 150);
  // Without such a sub-folder the folder itself is the ImageFolder.
  const Dataset direct = load_dataset((d.path() / "hymenoptera" / "val").string(), 1, 4, 4, "train");
  EXPECT_EQ(direct.pixels[0], 150);
}

TEST(DataImageFolder, ExtensionsAreCaseInsensitive) {
  for (const char* ok : {"a.jpg", "a.JPEG", "b.Png", "c.bmp", "d.GIF", "x.y.jpg"}) EXPECT_TRUE(is_image_file_name(ok)) << ok;
  for (const char* no : {"a.txt", "jpg", "a.jpg.txt", "a.webp", "a.", ""}) EXPECT_FALSE(is_image_file_name(no)) << no;
}

}  // namespace
}  // namespace cnnlab
